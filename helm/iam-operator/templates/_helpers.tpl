{{/*
The kinds this operator manages, one line each: the controller name (the <name> of
quarkus.operator-sdk.controllers.<name>.*, from @ControllerConfiguration(name = ...)) and the plural
resource of its CRD. RBAC, the watched-namespaces settings and NOTES.txt are generated from this
list. Adding a kind is one line here and its generated CRD copied into crds/ (ChartCrdsIT fails
until both are done).
*/}}
{{- define "iam-operator.kinds" -}}
policy: policies
role: roles
user: users
group: groups
instanceprofile: instanceprofiles
openidconnectprovider: openidconnectproviders
servicelinkedrole: servicelinkedroles
accesskey: accesskeys
{{- end }}

{{- define "iam-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: the release name, with the chart name appended unless the release name
already contains it. Truncated to 63 characters (DNS label).
*/}}
{{- define "iam-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "iam-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "iam-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iam-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "iam-operator.labels" -}}
helm.sh/chart: {{ include "iam-operator.chart" . }}
{{ include "iam-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: iam-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "iam-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "iam-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "iam-operator.image" -}}
{{- $repository := required "image.repository is required" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
A Quarkus duration as whole seconds, rounded up: "20s", "1m30s", "2m", "1h", "1d", "500ms", a plain
number (seconds), or ISO-8601 ("PT20S", "P1DT2H"). values.schema.json admits exactly these forms.
*/}}
{{- define "iam-operator.durationSeconds" -}}
{{- $v := lower (toString .) | trim }}
{{- if regexMatch "^[0-9]+$" $v }}
{{- $v }}
{{- else if regexMatch "^[0-9]+ms$" $v }}
{{- div (add (trimSuffix "ms" $v | atoi) 999) 1000 }}
{{- else }}
{{- $v = $v | trimPrefix "p" | replace "t" "" }}
{{- $days := regexFind "[0-9]+d" $v | trimSuffix "d" | default "0" | atoi }}
{{- $hours := regexFind "[0-9]+h" $v | trimSuffix "h" | default "0" | atoi }}
{{- $minutes := regexFind "[0-9]+m" $v | trimSuffix "m" | default "0" | atoi }}
{{- $seconds := regexFind "[0-9]+([.][0-9]+)?s" $v | trimSuffix "s" | default "0" | float64 | ceil | int }}
{{- add (mul $days 86400) (mul $hours 3600) (mul $minutes 60) $seconds }}
{{- end }}
{{- end }}

{{/*
terminationGracePeriodSeconds: the drain timeout (AWS calls in flight finish) plus the margin for
what follows it (status writes of the drained reconciles, releasing the lease, stopping Quarkus).
Kubernetes sends SIGKILL when it is over, so it must be larger than the drain timeout.
*/}}
{{- define "iam-operator.terminationGracePeriodSeconds" -}}
{{- $drain := include "iam-operator.durationSeconds" .Values.config.shutdown.drainTimeout | atoi }}
{{- add $drain (int .Values.terminationGracePeriodMarginSeconds) }}
{{- end }}

{{/*
The namespaces the operator watches, in quarkus-operator-sdk's syntax: a comma-separated list, or
JOSDK_ALL_NAMESPACES.
*/}}
{{- define "iam-operator.watchNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- join "," .Values.watchNamespaces }}
{{- else }}
{{- "JOSDK_ALL_NAMESPACES" }}
{{- end }}
{{- end }}

{{/*
The RBAC rules for the operator's own kinds, their status and finalizers, and events: the same set
for the ClusterRole (every namespace watched) and for each namespaced Role (watchNamespaces).
*/}}
{{- define "iam-operator.kindRules" -}}
{{- $plurals := list }}
{{- range $controller, $plural := include "iam-operator.kinds" . | fromYaml }}
{{- $plurals = append $plurals $plural }}
{{- end }}
# Informers list and watch; the reconciler reads, adds and removes its finalizer (JSON patch).
- apiGroups: ["iam.operator.dev"]
  resources:
  {{- range $plurals }}
    - {{ . }}
  {{- end }}
  verbs: ["get", "list", "watch", "patch", "update"]
# Status is written through the status subresource (JSON patch against the current object).
- apiGroups: ["iam.operator.dev"]
  resources:
  {{- range $plurals }}
    - {{ . }}/status
  {{- end }}
  verbs: ["get", "patch", "update"]
# Needed where the OwnerReferencesPermissionEnforcement admission plugin guards finalizers.
- apiGroups: ["iam.operator.dev"]
  resources:
  {{- range $plurals }}
    - {{ . }}/finalizers
  {{- end }}
  verbs: ["update"]
# One Event per transition of an object; repeats are folded into its count with a JSON patch.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# A Role's spec.serviceAccounts: ServiceAccounts are watched and annotated with
# eks.amazonaws.com/role-arn (JSON patch); never created or deleted.
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "list", "watch", "patch"]
# AccessKey (docs/access-key.md): IAM hands a key's secret out once, and the operator writes it into
# a Secret of the object's namespace that the object owns. get: read back that one Secret by name
# (does it still hold the key? is the object its controller?) and replace it; create and update:
# write it; delete: with the object; update also drops the ownerReference on deletion-policy retain.
# No list and no watch: the operator never reads the Secrets of a namespace, only the ones its
# AccessKey objects name.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update", "delete"]
{{- end }}
