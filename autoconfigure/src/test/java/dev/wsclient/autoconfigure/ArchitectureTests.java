package dev.wsclient.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Conventions of this module that the compiler does not check.
 */
class ArchitectureTests {

	private static final String[] OPTIONAL_PACKAGES = { "org.springframework.boot.actuate..",
			"org.springframework.boot.health..", "io.micrometer.." };

	// Every package but the conditional ones (health, endpoint, metrics).
	private static final String[] UNCONDITIONAL_PACKAGES = { "dev.wsclient.autoconfigure",
			"dev.wsclient.autoconfigure.event", "dev.wsclient.autoconfigure.listener" };

	private final JavaClasses main = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wsclient.autoconfigure");

	private final JavaClasses tests = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
		.importPackages("dev.wsclient.autoconfigure");

	@Test
	void autoConfigurationsArePublicAndFinal() {
		ArchRule rule = classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL);
		rule.check(this.main);
	}

	@Test
	void onlyConditionalCodeUsesActuatorOrMicrometer() {
		// Everything else must load without them: they are optional dependencies.
		ArchRule rule = noClasses().that()
			.resideInAnyPackage(UNCONDITIONAL_PACKAGES)
			.and()
			.doNotHaveFullyQualifiedName(WsClientAutoConfiguration.class.getName())
			.and()
			.haveNameNotMatching(".*\\$(Health|Endpoint|Metrics|Observation|Sanitizing)Configuration")
			.and()
			.doNotHaveFullyQualifiedName(ObservationInstrumentation.class.getName())
			.and()
			.haveNameNotMatching(".*\\.MicrometerListenerMeters(\\$.*)?")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(OPTIONAL_PACKAGES);
		rule.check(this.main);
	}

	@Test
	void onlyTheJacksonConverterUsesJackson() {
		// Jackson is optional too: without it, raw payloads still work.
		ArchRule rule = noClasses().that()
			.resideInAnyPackage(UNCONDITIONAL_PACKAGES)
			.and()
			.doNotHaveFullyQualifiedName(WsClientAutoConfiguration.class.getName())
			.and()
			.haveNameNotMatching(".*\\$JsonConfiguration")
			.and()
			.haveNameNotMatching(".*\\.JacksonMessageConverter(\\$.*)?")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("tools.jackson..");
		rule.check(this.main);
	}

	@Test
	void theSpringSideUsesOnlyThePublicApiOfCore() {
		// The implementation behind it changes freely.
		ArchRule rule = noClasses().should().dependOnClassesThat().resideInAPackage("dev.wsclient.core.internal..");
		rule.check(this.main);
	}

	@Test
	void testsNeverWaitWithoutATimeout() {
		ArchRule rule = noClasses().should()
			.callMethod(StepVerifier.class, "verify")
			.orShould()
			.callMethod(StepVerifier.LastStep.class, "verifyComplete")
			.orShould()
			.callMethod(StepVerifier.LastStep.class, "verifyError")
			.orShould()
			.callMethod(Mono.class, "block")
			.because("a test that waits must say how long (verify(Duration), block(Duration))");
		rule.check(this.tests);
	}

}
