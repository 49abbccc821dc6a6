package dev.netdial.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subcommand's command line: positional arguments and {@code --name value},
 * {@code --name=value} or boolean {@code --name} flags (one dash works too), in any order;
 * {@code --} ends the flags.
 *
 * <p>Go: {@code src/flag/flag.go} {@code (*FlagSet).Parse}, its messages
 * ({@code flag provided but not defined: -x}, {@code flag needs an argument: -x}).
 * <p>Differs: flags may follow the positional arguments, as the usage lines show them; messages
 * spell a flag {@code --name}, as the usage does (Go's say {@code -name}).
 */
final class Flags {

    /** A bad command line: the caller prints the message and the usage, and exits 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final List<String> positional;
    private final Map<String, String> values;

    private Flags(List<String> positional, Map<String, String> values) {
        this.positional = List.copyOf(positional);
        this.values = Map.copyOf(values);
    }

    /**
     * Parses {@code args}; {@code booleans} take no value, {@code valued} take one.
     *
     * <p>Go: {@code src/flag/flag.go} {@code (*FlagSet).parseOne}.
     */
    static Flags parse(List<String> args, Set<String> booleans, Set<String> valued) throws UsageException {
        List<String> pos = new ArrayList<>();
        Map<String, String> vals = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                pos.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.length() < 2 || a.charAt(0) != '-') {
                pos.add(a);
                continue;
            }
            String name = a.substring(a.startsWith("--") ? 2 : 1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.isEmpty() || name.startsWith("-")) {
                throw new UsageException("bad flag syntax: " + a);
            }
            if (booleans.contains(name)) {
                if (value != null && !value.equals("true") && !value.equals("false")) {
                    throw new UsageException("invalid boolean value \"" + value + "\" for --" + name);
                }
                vals.put(name, value == null ? "true" : value);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("flag needs an argument: --" + name);
                    }
                    value = args.get(++i);
                }
                vals.put(name, value);
            } else {
                throw new UsageException("flag provided but not defined: --" + name);
            }
        }
        return new Flags(pos, vals);
    }

    /** The positional arguments, in order. */
    List<String> positional() {
        return positional;
    }

    /** Whether boolean flag {@code name} is set. */
    boolean isSet(String name) {
        return "true".equals(values.get(name));
    }

    /** Flag {@code name}'s value, or null when it was not given. */
    String value(String name) {
        return values.get(name);
    }

    /** Flag {@code name} as a duration in Go's syntax, or null when it was not given. */
    java.time.Duration duration(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        try {
            return ParseDuration.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value \"" + v + "\" for flag --" + name + ": " + e.getMessage());
        }
    }

    /** Flag {@code name} as an int in {@code [min, max]}, or {@code dflt} when it was not given. */
    int intValue(String name, int dflt, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + v + "\" for flag --" + name + ": parse error");
        }
        if (x < min || x > max) {
            throw new UsageException("invalid value \"" + v + "\" for flag --" + name + ": not in " + min + ".." + max);
        }
        return x;
    }
}
