package dev.candidaterouter;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages follow the data flow: a Knit event is received ({@code knit}), becomes a candidate profile
 * ({@code candidate}), is decided on ({@code assessment}) and sent ({@code dispatch}); operators look at it from
 * the top ({@code admin}, the {@code cli}), and the root package only starts the process and wires the pieces.
 * Each package may import only packages below it; the shared foundations ({@code store},
 * {@code http}, {@code masking}, {@code metrics}, {@code logging}, {@code config}) import none of the flow. Where a
 * lower stage needs the next one (a decision plans sends, a deletion cancels them), it declares an interface that
 * the higher package implements ({@code assessment.SendPlanner}, {@code candidate.PendingSends}).
 *
 * <p>The {@code drools:} component ({@code dev.candidaterouter.camel.drools}) is not part of the application: it is
 * the camel-drools artifact, a library like Camel or Drools that any package may use. Its classes are on the test
 * classpath (as camel-drools' jar or classes folder), so they are left out of the import here.
 */
@AnalyzeClasses(packages = "dev.candidaterouter",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.WithoutTheDroolsComponent.class})
class ArchitectureTest {
    private static final String COMPONENT = "dev.candidaterouter.camel.drools";
    private static final String[] FOUNDATIONS = {"dev.candidaterouter.store..", "dev.candidaterouter.http..", "dev.candidaterouter.masking..", "dev.candidaterouter.metrics..",
            "dev.candidaterouter.logging..", "dev.candidaterouter.config.."};

    @ArchTest
    static final ArchRule packagesImportOnlyDownTheDataFlow = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("dev.candidaterouter..")
            .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage(COMPONENT + ".."))
            .ensureAllClassesAreContainedInArchitecture()
            .layer("Wiring").definedBy("dev.candidaterouter")
            .layer("Admin").definedBy("dev.candidaterouter.admin..")
            .layer("Cli").definedBy("dev.candidaterouter.cli..")
            .layer("KnitSandbox").definedBy("dev.candidaterouter.knit.sandbox..")
            .layer("Writeback").definedBy("dev.candidaterouter.writeback..")
            .layer("Dispatch").definedBy("dev.candidaterouter.dispatch..")
            .layer("Assessment").definedBy("dev.candidaterouter.assessment..")
            .layer("Candidate").definedBy("dev.candidaterouter.candidate..")
            .layer("Knit").definedBy("dev.candidaterouter.knit")
            .layer("Consent").definedBy("dev.candidaterouter.consent..")
            .layer("Results").definedBy("dev.candidaterouter.results..")
            .layer("Foundations").definedBy(FOUNDATIONS)
            .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
            .whereLayer("Admin").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Cli").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("KnitSandbox").mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Writeback").mayOnlyBeAccessedByLayers("Wiring", "Admin", "Cli")
            .whereLayer("Results").mayOnlyBeAccessedByLayers("Wiring", "Admin")
            .whereLayer("Dispatch").mayOnlyBeAccessedByLayers("Wiring", "Admin", "Writeback", "Results")
            .whereLayer("Assessment").mayOnlyBeAccessedByLayers("Wiring", "Admin", "Cli", "Dispatch", "Writeback")
            .whereLayer("Candidate").mayOnlyBeAccessedByLayers("Wiring", "Admin", "Cli", "Dispatch", "Assessment", "Writeback")
            .whereLayer("Knit").mayOnlyBeAccessedByLayers("Wiring", "Admin", "Cli", "KnitSandbox", "Dispatch",
                    "Assessment", "Candidate")
            .whereLayer("Consent").mayOnlyBeAccessedByLayers("Wiring", "Admin", "Cli", "Dispatch", "Assessment",
                    "Candidate")
            .because("packages mirror the data flow knit -> candidate -> assessment -> dispatch, with admin, the CLI"
                    + " and the wiring on top and the foundations at the bottom");

    /** The component's classes, wherever they come from (camel-drools/target/classes or its jar). */
    static final class WithoutTheDroolsComponent implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/" + COMPONENT.replace('.', '/') + "/");
        }
    }

    /** Also among the foundations, and for any package added later: no two packages may need each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.candidaterouter.(**)").should().beFreeOfCycles();
}
