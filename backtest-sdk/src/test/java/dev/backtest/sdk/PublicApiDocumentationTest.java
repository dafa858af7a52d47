package dev.backtest.sdk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public top-level type of the SDK's API (its packages not named {@code internal}) carries a Javadoc comment directly before its declaration
 * (annotations may sit between) with a {@code <pre>} example, as the conventions ask. Reads the
 * sources, so it needs no compiled classes and runs from the module's base directory, as Surefire does.
 */
class PublicApiDocumentationTest {

    /** The SDK's sources and the engine's (a module inside the SDK's folder), relative to the SDK module's base directory. */
    private static final List<Path> SOURCES = List.of(Path.of("src", "main", "java"), Path.of("engine", "src", "main", "java"));

    @Test
    void everyPublicTopLevelTypeHasJavadocWithAnExample() throws IOException {
        List<String> problems = new ArrayList<>();
        int publicTypes = 0;
        for (Path sources : SOURCES) {
            assertThat(sources).as("sources, relative to the SDK module's base directory").isDirectory();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sources)) {
                // the API: not the internal packages, which the docs mark as not API
                files = walk.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/internal/")).sorted().toList();
            }
            for (Path file : files) {
                for (TypeDoc t : topLevelTypes(Files.readString(file, StandardCharsets.UTF_8))) {
                    if (t.isPublic()) {
                        publicTypes++;
                        t.problem().ifPresent(p -> problems.add(file + ": " + t.name() + " " + p));
                    }
                }
            }
        }
        assertThat(publicTypes).as("public top-level types found under " + SOURCES).isGreaterThan(20);
        assertThat(problems)
                .as("public SDK types need a Javadoc comment with a <pre>{@code ...}</pre> example (or should be package-private)")
                .isEmpty();
    }

    @Test
    void acceptsJavadocWithExampleBeforeAnnotations() {
        String source = """
                package p;

                import java.util.List;

                /**
                 * A thing.
                 *
                 * <pre>{@code
                 * Thing t = new Thing();
                 * }</pre>
                 */
                @Deprecated
                @SuppressWarnings({"unchecked", "rawtypes"})
                public final class Thing {
                    public class Inner { }
                }
                """;
        assertThat(topLevelTypes(source)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("Thing");
            assertThat(t.isPublic()).isTrue();
            assertThat(t.problem()).isEmpty();
        });
    }

    @Test
    void rejectsJavadocWithoutExample() {
        String source = """
                package p;

                /** A value without an example. */
                public record Value(int x) {
                }
                """;
        assertThat(topLevelTypes(source)).singleElement()
                .satisfies(t -> assertThat(t.problem()).hasValue("has Javadoc without a <pre> example"));
    }

    @Test
    void rejectsMissingJavadocAndJavadocAfterAnnotations() {
        String plainComments = "package p;\n// not Javadoc\n/* nor this */\npublic enum Side { BUY, SELL }\n";
        String javadocAfterAnnotation = "package p;\n@Deprecated\n/** <pre>{@code x}</pre> */\npublic interface Port { }\n";
        for (String source : List.of(plainComments, javadocAfterAnnotation)) {
            assertThat(topLevelTypes(source)).singleElement()
                    .satisfies(t -> assertThat(t.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("has no Javadoc")));
        }
    }

    @Test
    void ignoresPackagePrivateTypesAndTextInsideStringsAndComments() {
        String source = """
                package p;

                /* public class InComment { } */
                final class Internal {
                    static final String S = "public class InString {";
                    static final char C = '{';
                }

                record Pair(int a, int b) { }
                """;
        assertThat(topLevelTypes(source)).extracting(TypeDoc::name).containsExactly("Internal", "Pair");
        assertThat(topLevelTypes(source)).noneMatch(TypeDoc::isPublic);
    }

    /** One top-level type declaration: its name, whether it is public, and its Javadoc comment if any. */
    record TypeDoc(String name, boolean isPublic, Optional<String> javadoc) {

        Optional<String> problem() {
            if (javadoc.isEmpty()) {
                return Optional.of("has no Javadoc comment directly before its declaration");
            }
            return javadoc.get().contains("<pre>") ? Optional.empty() : Optional.of("has Javadoc without a <pre> example");
        }
    }

    private static final Pattern DECLARATION =
            Pattern.compile("(?<![\\w.$])(class|interface|enum|record)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern ANNOTATION = Pattern.compile("@\\s*(?!interface\\b)[\\w$.]+(\\s*\\([^()]*(\\([^()]*\\)[^()]*)*\\))?");
    private static final Pattern PUBLIC = Pattern.compile("(?<![\\w$])public(?![\\w$])");

    /**
     * The top-level types of a compilation unit. Comments and literals are blanked first, so braces and
     * keywords inside them do not count; then every header (the text from the end of the previous
     * top-level statement to the {@code {} opening a body) that declares a type is examined. The Javadoc
     * comment is the last one before the header's first token: one that follows an annotation is not
     * attached to the declaration, exactly as for the javadoc tool.
     */
    static List<TypeDoc> topLevelTypes(String source) {
        List<int[]> javadocs = new ArrayList<>();
        String code = blankCommentsAndLiterals(source, javadocs);
        List<TypeDoc> types = new ArrayList<>();
        int braces = 0;
        int parens = 0;
        int headerStart = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            switch (c) {
                case '(' -> parens++;
                case ')' -> parens--;
                case ';' -> {
                    if (braces == 0 && parens == 0) {
                        headerStart = i + 1;
                    }
                }
                case '{' -> {
                    if (braces == 0 && parens == 0) {
                        declaration(source, code, javadocs, headerStart, i).ifPresent(types::add);
                    }
                    braces++;
                }
                case '}' -> {
                    braces--;
                    if (braces == 0 && parens == 0) {
                        headerStart = i + 1;
                    }
                }
                default -> {
                    // other characters do not change the nesting
                }
            }
        }
        return types;
    }

    private static Optional<TypeDoc> declaration(String source, String code, List<int[]> javadocs, int start, int end) {
        String header = code.substring(start, end);
        Matcher m = DECLARATION.matcher(withoutAnnotations(header));
        if (!m.find()) {
            return Optional.empty();
        }
        String modifiers = withoutAnnotations(header).substring(0, m.start());
        int firstToken = start;
        while (firstToken < end && Character.isWhitespace(code.charAt(firstToken))) {
            firstToken++;
        }
        Optional<String> javadoc = Optional.empty();
        for (int[] doc : javadocs) {
            if (doc[0] >= start && doc[1] <= firstToken) {
                javadoc = Optional.of(source.substring(doc[0], doc[1]));
            }
        }
        return Optional.of(new TypeDoc(m.group(2), PUBLIC.matcher(modifiers).find(), javadoc));
    }

    /** Replaces annotations by spaces of the same length, so positions are kept. */
    private static String withoutAnnotations(String header) {
        return ANNOTATION.matcher(header).replaceAll(r -> " ".repeat(r.group().length()));
    }

    /**
     * The source with every comment, string, text block and character literal replaced by spaces
     * (line breaks kept); the spans of Javadoc comments are added to {@code javadocs}.
     */
    static String blankCommentsAndLiterals(String s, List<int[]> javadocs) {
        StringBuilder out = new StringBuilder(s);
        int i = 0;
        while (i < s.length()) {
            int end;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                if (s.startsWith("/**", i) && !s.startsWith("/**/", i)) {
                    javadocs.add(new int[] {i, end});
                }
            } else if (s.startsWith("\"\"\"", i)) {
                end = closing(s, i + 3, "\"\"\"");
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                end = closing(s, i + 1, String.valueOf(s.charAt(i)));
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** The index just after the unescaped {@code quote} closing a literal whose content starts at {@code from}. */
    private static int closing(String s, int from, String quote) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return s.length();
    }
}
