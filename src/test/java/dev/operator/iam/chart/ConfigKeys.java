package dev.operator.iam.chart;

import dev.operator.iam.config.OperatorConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's configuration keys, read from {@link OperatorConfig} itself (SmallRye's naming:
 * {@code clusterId()} is {@code cluster-id}, nested interfaces are key segments), with their
 * {@code @WithDefault}. A key added to the interface is found here without a change, so the chart
 * test asks for a chart value for it.
 */
final class ConfigKeys {

    /** A key, its environment variable and its default in code (empty: none or computed). */
    record Key(String name, Optional<String> codeDefault) {
        String environmentVariable() {
            return ConfigKeys.environmentVariable(name);
        }
    }

    private ConfigKeys() {}

    /** Every key of {@link OperatorConfig}, by name. */
    static Map<String, Key> ofOperatorConfig() {
        String prefix = OperatorConfig.class.getAnnotation(ConfigMapping.class).prefix();
        Map<String, Key> keys = new LinkedHashMap<>();
        collect(OperatorConfig.class, prefix, keys);
        return keys;
    }

    private static void collect(Class<?> type, String prefix, Map<String, Key> out) {
        Method[] methods = type.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            if (m.getParameterCount() > 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.isDefault()
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            WithName rename = m.getAnnotation(WithName.class);
            String name = prefix + "." + (rename != null ? rename.value() : kebab(m.getName()));
            Class<?> returned = m.getReturnType();
            if (returned.isInterface() && returned.getName().startsWith("dev.operator.iam.")) {
                collect(returned, name, out);
            } else {
                WithDefault byDefault = m.getAnnotation(WithDefault.class);
                out.put(
                        name,
                        new Key(name, Optional.ofNullable(byDefault).map(WithDefault::value)));
            }
        }
    }

    /**
     * SmallRye's environment variable of a key: {@code iam-operator.aws.region} is {@code
     * IAM_OPERATOR_AWS_REGION}.
     */
    static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
