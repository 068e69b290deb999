package dev.operator.iam.tenancy;

/**
 * IAM's wildcard patterns ({@code *}: any characters, {@code ?}: one character), decided on the
 * patterns themselves: whether two can match a common string, and whether one matches every string
 * another can. No catalogue of actual values is needed, so the answer holds for actions and names
 * AWS adds later.
 */
final class Globs {

    private Globs() {}

    /**
     * Whether some string matches both patterns: a walk over pairs of positions, both patterns read
     * as automata whose {@code *} loops on any character. Exact.
     */
    static boolean intersect(String a, String b, boolean ignoreCase) {
        int n = a.length();
        int m = b.length();
        boolean[][] seen = new boolean[n + 1][m + 1];
        java.util.ArrayDeque<int[]> todo = new java.util.ArrayDeque<>();
        todo.add(new int[] {0, 0});
        seen[0][0] = true;
        while (!todo.isEmpty()) {
            int[] at = todo.poll();
            int i = at[0];
            int j = at[1];
            if (i == n && j == m) {
                return true;
            }
            char x = i < n ? a.charAt(i) : 0;
            char y = j < m ? b.charAt(j) : 0;
            // A star may match nothing.
            if (i < n && x == '*') {
                visit(seen, todo, i + 1, j);
            }
            if (j < m && y == '*') {
                visit(seen, todo, i, j + 1);
            }
            if (i == n || j == m) {
                continue;
            }
            // Both read one common character: a star stays, anything else moves on.
            boolean compatible =
                    x == '*' || y == '*' || x == '?' || y == '?' || same(x, y, ignoreCase);
            if (compatible) {
                visit(seen, todo, x == '*' ? i : i + 1, y == '*' ? j : j + 1);
            }
        }
        return false;
    }

    /**
     * Whether every string {@code inner} matches is matched by {@code outer}. Sound (a true answer
     * is always right): {@code outer}'s {@code *} stands for any run of {@code inner}'s symbols,
     * its {@code ?} for one of them other than {@code *}, its other characters for themselves.
     */
    static boolean covers(String outer, String inner, boolean ignoreCase) {
        int n = outer.length();
        int m = inner.length();
        // can[i][j]: outer from i covers inner from j.
        boolean[][] can = new boolean[n + 1][m + 1];
        can[n][m] = true;
        for (int i = n - 1; i >= 0; i--) {
            char o = outer.charAt(i);
            for (int j = m; j >= 0; j--) {
                if (o == '*') {
                    can[i][j] = can[i + 1][j] || (j < m && can[i][j + 1]);
                } else if (j < m) {
                    char c = inner.charAt(j);
                    boolean one =
                            o == '?' ? c != '*' : c != '*' && c != '?' && same(o, c, ignoreCase);
                    can[i][j] = one && can[i + 1][j + 1];
                }
            }
        }
        return can[0][0];
    }

    /** Whether a pattern has a wildcard. */
    static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    private static void visit(boolean[][] seen, java.util.ArrayDeque<int[]> todo, int i, int j) {
        if (!seen[i][j]) {
            seen[i][j] = true;
            todo.add(new int[] {i, j});
        }
    }

    /**
     * Characters equal, or equal ignoring case the way IAM compares actions. Folding through upper
     * then lower case also makes the dotted and dotless i equal to i: when in doubt, the patterns
     * meet, which refuses more, never less.
     */
    private static boolean same(char x, char y, boolean ignoreCase) {
        if (x == y) {
            return true;
        }
        return ignoreCase
                && Character.toLowerCase(Character.toUpperCase(x))
                        == Character.toLowerCase(Character.toUpperCase(y));
    }
}
