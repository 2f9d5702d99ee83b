package dev.wsclient.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Conventions of the core module that reviews would otherwise have to catch.
 */
class CoreArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wsclient.core");

	private static final JavaClasses TESTS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
		.importPackages("dev.wsclient.core");

	@Test
	void coreNeverDependsOnSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(MAIN);
	}

	@Test
	void onlyTheApiIsPublicTheImplementationIsPackagePrivate() {
		classes().that()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.should()
			.haveSimpleNameStartingWith("Ws")
			.orShould()
			.haveSimpleName("ReconnectPolicy")
			.because("the implementation is package-private: the Ws* types and ReconnectPolicy are the API")
			.check(MAIN);
	}

	@Test
	void testsNeverWaitForAStepVerifierWithoutATimeout() {
		noClasses().should()
			.callMethod(StepVerifier.class, "verify")
			.orShould()
			.callMethod(StepVerifier.LastStep.class, "verifyComplete")
			.orShould()
			.callMethod(StepVerifier.LastStep.class, "verifyError")
			.because("a verification without a timeout can hang the build; use verify(Duration)")
			.check(TESTS);
	}

}
