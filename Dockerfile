# syntax=docker/dockerfile:1
# JVM container of the operator, for environments without a native build (Dockerfile.native is the
# one the Helm chart is sized for: with this image, set resources.limits.memory to 512Mi).
# Multi-stage: the Maven wrapper builds target/quarkus-app/ in a JDK image; a JRE-only UBI 9 image
# runs it as a non-root user from root-owned, read-only files.
#
#   docker build -t iam-operator:jvm .
#   docker build --build-arg MAVEN_GOALS=verify -t iam-operator:jvm .    # with the whole test suite

ARG BUILDER_IMAGE=registry.access.redhat.com/ubi9/openjdk-21:1.24
ARG RUNTIME_IMAGE=registry.access.redhat.com/ubi9/openjdk-21-runtime:1.24

FROM ${BUILDER_IMAGE} AS build
ARG MAVEN_GOALS="package -DskipTests"
# The builder stage is thrown away; root spares chown-ing the work tree.
USER root
WORKDIR /build
# Dependencies first: this layer is reused until pom.xml or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# What the tests of a `verify` build read besides the sources (chart, IAM policy, rules, examples).
COPY helm helm
COPY docs docs
COPY examples examples
COPY monitoring monitoring
RUN ./mvnw -B ${MAVEN_GOALS}

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="iam-operator" \
      org.opencontainers.image.description="Kubernetes operator for AWS IAM (JVM)"
ENV LANGUAGE="en_US:en"
# Quarkus's fast-jar layout, dependencies first (they change least often).
COPY --from=build /build/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build /build/target/quarkus-app/*.jar /deployments/
COPY --from=build /build/target/quarkus-app/app/ /deployments/app/
COPY --from=build /build/target/quarkus-app/quarkus/ /deployments/quarkus/
EXPOSE 8080
# The image's unprivileged user; the chart runs it as 1001, which works as well (the files are
# world-readable, and run-java.sh writes nothing).
USER 185
ENV JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENV JAVA_APP_JAR="/deployments/quarkus-run.jar"
ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]
