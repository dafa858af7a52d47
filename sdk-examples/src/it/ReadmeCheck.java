import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's Java programs, pasted into a consumer project as they are printed: every ```java block that follows a
 * {@code <!-- readme-check: TAG -->} line is compiled against this JVM's class path (the consumer's runtime class
 * path) and its {@code main} is run with a folder holding {@code prices.csv} (daily bars) and {@code minute-bars.csv}
 * (1-minute bars of March 2024). Exits with status 1 when a block does not compile or its main throws.
 *
 * <pre>
 * java -cp CONSUMER_CLASSPATH ReadmeCheck.java README.md sdk target/readme
 * </pre>
 */
public final class ReadmeCheck {

    public static void main(String[] args) throws Exception {
        Path readme = Path.of(args[0]);
        String tag = args[1];
        Path work = Path.of(args[2]);
        Matcher m = Pattern.compile("<!-- readme-check: " + Pattern.quote(tag) + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(readme));
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        while (m.find()) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(m.group(1));
            if (!name.find()) {
                fail("a '" + tag + "' block of " + readme + " has no public class");
            }
            Path file = src.resolve(name.group(1) + ".java");
            Files.writeString(file, m.group(1));
            names.add(name.group(1));
            files.add(file.toString());
        }
        if (names.isEmpty()) {
            fail("no '" + tag + "' block in " + readme);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        options.addAll(files);
        if (javac.run(null, null, null, options.toArray(String[]::new)) != 0) {
            fail("the README's '" + tag + "' programs do not compile as printed");
        }
        Path inputs = Files.createDirectories(work.resolve("run"));
        writeInputs(inputs);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeCheck.class.getClassLoader())) {
            for (String name : names) {
                System.out.println("--- README program " + name);
                try {
                    loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[] {inputs.toString()});
                } catch (InvocationTargetException e) {
                    e.getCause().printStackTrace();
                    fail("README program " + name + " failed: " + e.getCause());
                }
            }
        }
        System.out.println("README '" + tag + "' programs OK: " + names);
    }

    /** A daily random walk as pandas writes it, and a month of 1-minute bars. */
    private static void writeInputs(Path dir) throws IOException {
        Random random = new Random(11);
        StringBuilder daily = new StringBuilder(",Open,High,Low,Close,Volume\n");
        double price = 100;
        for (int d = 0; d < 500; d++) {
            double close = price * Math.exp(random.nextGaussian() * 0.02);
            daily.append(LocalDate.of(2022, 1, 3).plusDays(d)).append(',').append(price).append(',').append(Math.max(price, close) * 1.01)
                    .append(',').append(Math.min(price, close) * 0.99).append(',').append(close).append(',').append(1000 + d).append('\n');
            price = close;
        }
        Files.writeString(dir.resolve("prices.csv"), daily);
        StringBuilder minutes = new StringBuilder("time,open,high,low,close,volume\n");
        long t = LocalDate.of(2024, 3, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        for (int i = 0; i < 31 * 1440; i++, t += 60) {
            double close = price * Math.exp(random.nextGaussian() * 0.001);
            minutes.append(Instant.ofEpochSecond(t)).append(',').append(price).append(',').append(Math.max(price, close) * 1.0005)
                    .append(',').append(Math.min(price, close) * 0.9995).append(',').append(close).append(",1\n");
            price = close;
        }
        Files.writeString(dir.resolve("minute-bars.csv"), minutes);
    }

    private static void fail(String message) {
        System.err.println("README CHECK FAILED: " + message);
        System.exit(1);
    }

    private ReadmeCheck() {
    }
}
