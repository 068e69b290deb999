package dev.operator.iam.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSidePrintingTest {

    private static final Map<String, Object> POLICY =
            Map.of(
                    "metadata", Map.of("name", "orders"),
                    "status",
                            Map.of(
                                    "arn",
                                    "arn:aws:iam::123456789012:policy/orders",
                                    "conditions",
                                    List.of(
                                            Map.of("type", "Drifted", "status", "False"),
                                            Map.of(
                                                    "type", "Ready",
                                                    "status", "True",
                                                    "reason", "Created"))));

    @Test
    void evaluatesThePathsPrinterColumnsUse() {
        assertThat(ServerSidePrinting.evaluate(POLICY, ".status.arn"))
                .isEqualTo("arn:aws:iam::123456789012:policy/orders");
        assertThat(
                        ServerSidePrinting.evaluate(
                                POLICY, ".status.conditions[?(@.type==\"Ready\")].reason"))
                .isEqualTo("Created");
        assertThat(ServerSidePrinting.evaluate(POLICY, ".status.conditions[0].type"))
                .isEqualTo("Drifted");
        assertThat(ServerSidePrinting.evaluate(POLICY, ".status.name")).isNull();
        assertThat(ServerSidePrinting.evaluate(POLICY, ".metadata.name.deeper")).isNull();
    }

    @Test
    void showsDatesAsAgesLikeKubectl() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(ServerSidePrinting.age("2026-12-02T09:59:18Z", now)).isEqualTo("42s");
        assertThat(ServerSidePrinting.age("2026-12-02T09:56:48Z", now)).isEqualTo("3m12s");
        assertThat(ServerSidePrinting.age("2026-12-02T09:00:00Z", now)).isEqualTo("60m");
        assertThat(ServerSidePrinting.age("2026-12-02T05:00:00Z", now)).isEqualTo("5h");
        assertThat(ServerSidePrinting.age("2026-11-29T10:00:00Z", now)).isEqualTo("3d");
        assertThat(ServerSidePrinting.age("not a date", now)).isEqualTo("not a date");
    }
}
