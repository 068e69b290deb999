package dev.operator.iam.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.operator.iam.api.ManagedResource;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the operator's packages, stated so that it holds without anyone remembering it:
 * no cycle between packages; {@code metrics} depends on nothing of ours; the engine knows no kind
 * and no Kubernetes plumbing; a kind knows another kind only as the custom resource it watches as a
 * reference target.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.operator.iam";

    /** One package per kind (style.md): each may know another only as a reference target. */
    private static final String[] KINDS = {
        "policy",
        "role",
        "user",
        "group",
        "instanceprofile",
        "oidc",
        "servicelinkedrole",
        "accesskey"
    };

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void metricsDependOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(pkg("metrics"))
                .should()
                .dependOnClassesThat(
                        resideInAnyPackage(ROOT + "..")
                                .and(not(resideInAnyPackage(pkg("metrics")))))
                .check(MAIN);
    }

    @Test
    void theEngineKnowsNoKindAndNoKubernetesPlumbing() {
        String[] forbidden =
                Stream.concat(
                                Arrays.stream(KINDS),
                                Stream.of("principal", "kube", "controller", "lifecycle"))
                        .map(ArchitectureTest::pkg)
                        .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage(pkg("engine"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .check(MAIN);
    }

    @Test
    void theSharedBuildingBlocksKnowNoKind() {
        String[] kinds = Arrays.stream(KINDS).map(ArchitectureTest::pkg).toArray(String[]::new);
        noClasses()
                .that()
                .resideInAnyPackage(
                        pkg("api"),
                        pkg("aws"),
                        pkg("config"),
                        pkg("document"),
                        pkg("kube"),
                        pkg("controller"),
                        pkg("lifecycle"),
                        pkg("principal"),
                        pkg("tenancy"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(kinds)
                .check(MAIN);
    }

    @Test
    void aKindKnowsAnotherKindOnlyAsTheResourceItRefersTo() {
        for (String kind : KINDS) {
            String[] others =
                    Arrays.stream(KINDS)
                            .filter(k -> !k.equals(kind))
                            .map(ArchitectureTest::pkg)
                            .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(pkg(kind))
                    .should()
                    .dependOnClassesThat(
                            resideInAnyPackage(others)
                                    .and(not(assignableTo(ManagedResource.class))))
                    .because("a kind refers to another kind only through its custom resource")
                    .check(MAIN);
        }
    }
}
