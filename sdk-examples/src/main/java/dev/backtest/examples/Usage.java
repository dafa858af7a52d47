package dev.backtest.examples;

/** What each example prints when it is started without the arguments it needs. */
final class Usage {

    private Usage() {
    }

    /** True when {@code args} has at least {@code needed} values; otherwise prints the usage to stderr. */
    static boolean given(String[] args, int needed, String example, String usage) {
        if (args.length >= needed) {
            return true;
        }
        System.err.println("usage: " + example + " " + usage);
        System.err.println("  (mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples." + example
                + " -Dexec.args=\"...\")");
        return false;
    }
}
