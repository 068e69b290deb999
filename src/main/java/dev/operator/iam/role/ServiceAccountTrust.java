package dev.operator.iam.role;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.TreeSet;

/**
 * The trust policy the operator writes for a Role's {@code spec.serviceAccounts}: only pods of
 * those ServiceAccounts, in the Role's namespace, may assume the role.
 *
 * <ul>
 *   <li>IRSA: the cluster's OIDC provider for {@code sts:AssumeRoleWithWebIdentity}, with {@code
 *       StringEquals} on {@code <issuer>:sub} = {@code system:serviceaccount:<ns>:<name>} for each
 *       name and {@code <issuer>:aud} = {@code sts.amazonaws.com} (AWS's IRSA trust).
 *   <li>EKS Pod Identity: {@code pods.eks.amazonaws.com} for {@code sts:AssumeRole} and {@code
 *       sts:TagSession}, with {@code StringEquals} on the session tags {@code kubernetes-namespace}
 *       and {@code kubernetes-service-account} that EKS sets, so that a pod identity association
 *       made for another namespace cannot use the role.
 * </ul>
 */
public final class ServiceAccountTrust {

    /** How the pods of the ServiceAccounts assume the role. */
    public enum Method {
        IRSA,
        PodIdentity,
        Both;

        public boolean irsa() {
            return this != PodIdentity;
        }

        public boolean podIdentity() {
            return this != IRSA;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceAccountTrust() {}

    /**
     * The trust policy as compact JSON, statements and names in a fixed order so that the same spec
     * always gives the same text.
     *
     * @param oidcProviderArn the cluster's OIDC provider; used only for IRSA, which needs it
     */
    public static String document(
            String namespace, List<String> serviceAccounts, Method method, String oidcProviderArn) {
        TreeSet<String> names = new TreeSet<>(serviceAccounts);
        ObjectNode root = JSON.createObjectNode();
        root.put("Version", "2012-10-17");
        ArrayNode statements = root.putArray("Statement");
        if (method.irsa()) {
            String issuer = issuer(oidcProviderArn);
            ObjectNode s = statements.addObject();
            s.put("Sid", "ServiceAccountsThroughIRSA");
            s.put("Effect", "Allow");
            s.putObject("Principal").put("Federated", oidcProviderArn);
            s.put("Action", "sts:AssumeRoleWithWebIdentity");
            ObjectNode equals = s.putObject("Condition").putObject("StringEquals");
            ArrayNode subjects = equals.putArray(issuer + ":sub");
            names.forEach(n -> subjects.add("system:serviceaccount:" + namespace + ":" + n));
            equals.put(issuer + ":aud", "sts.amazonaws.com");
        }
        if (method.podIdentity()) {
            ObjectNode s = statements.addObject();
            s.put("Sid", "ServiceAccountsThroughEksPodIdentity");
            s.put("Effect", "Allow");
            s.putObject("Principal").put("Service", "pods.eks.amazonaws.com");
            s.putArray("Action").add("sts:AssumeRole").add("sts:TagSession");
            ObjectNode equals = s.putObject("Condition").putObject("StringEquals");
            equals.put("aws:RequestTag/kubernetes-namespace", namespace);
            ArrayNode accounts = equals.putArray("aws:RequestTag/kubernetes-service-account");
            names.forEach(accounts::add);
        }
        return root.toString();
    }

    /**
     * The provider's issuer as IAM condition keys spell it: the ARN after {@code oidc-provider/}.
     */
    static String issuer(String oidcProviderArn) {
        int at = oidcProviderArn.indexOf(":oidc-provider/");
        return at < 0
                ? oidcProviderArn
                : oidcProviderArn.substring(at + ":oidc-provider/".length());
    }
}
