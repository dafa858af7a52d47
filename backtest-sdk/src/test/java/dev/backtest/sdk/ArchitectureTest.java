package dev.backtest.sdk;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of docs/architecture.md, checked on the compiled engine and SDK (the server is another module: the SDK
 * cannot even see it, and this checks that nothing names it).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.backtest");
    }

    @Test
    void theEngineDependsOnNothingButTheJdk() {
        classes().that().resideInAnyPackage("dev.backtest.engine..", "dev.backtest.error..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..", "java.math..",
                        "java.io..", "java.nio..", "dev.backtest.engine..", "dev.backtest.error..")
                .because("the engine is pure computation shipped as a jar of its own: no persistence, report, JDBC, JPA or Jackson")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.backtest.engine..", "dev.backtest.error..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "jakarta..", "com.fasterxml..", "dev.backtest.sdk..")
                .check(classes);
    }

    @Test
    void theSdkNeverNamesTheServer() {
        noClasses().that().resideInAPackage("dev.backtest.sdk..").should().dependOnClassesThat().resideInAPackage("dev.backtest.server..")
                .check(classes);
    }

    @Test
    void publicSignaturesOfApiPackagesShowNoInternalType() {
        classes().that().resideInAPackage("dev.backtest.sdk..").and().resideOutsideOfPackages("..internal..", "dev.backtest.sdk.cli..")
                .and().arePublic()
                .should(exposeNoInternalType())
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        // every package its own slice: an API package does not reach back into its internal one either
        slices().matching("dev.backtest.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCommandLineUsesTheClientOfTheRootPackage() {
        noClasses().that().resideInAPackage("dev.backtest.sdk.(*)..").and().resideOutsideOfPackage("dev.backtest.sdk.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.backtest.sdk")
                .because("the client wires the features; a feature that needed it would make a cycle")
                .check(classes);
    }

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no type of an internal package in a public or protected signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Set<String> leaks = new HashSet<>();
                c.getRawSuperclass().filter(ArchitectureTest::internal).ifPresent(s -> leaks.add("extends " + s.getName()));
                c.getRawInterfaces().stream().filter(ArchitectureTest::internal).forEach(i -> leaks.add("implements " + i.getName()));
                for (JavaCodeUnit m : c.getCodeUnits()) {
                    if (visible(m.getModifiers())) {
                        m.getReturnType().getAllInvolvedRawTypes().stream().filter(ArchitectureTest::internal)
                                .forEach(t -> leaks.add(m.getFullName() + " returns " + t.getName()));
                        m.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes().stream().filter(ArchitectureTest::internal)
                                .forEach(t -> leaks.add(m.getFullName() + " takes " + t.getName())));
                    }
                }
                for (JavaField f : c.getFields()) {
                    if (visible(f.getModifiers())) {
                        f.getType().getAllInvolvedRawTypes().stream().filter(ArchitectureTest::internal)
                                .forEach(t -> leaks.add(f.getFullName() + " is a " + t.getName()));
                    }
                }
                leaks.forEach(l -> events.add(SimpleConditionEvent.violated(c, l)));
            }
        };
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean internal(JavaClass c) {
        return c.getPackageName().contains(".internal");
    }
}
