package dev.operator.iam.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The wildcard decisions checked against brute force: every pair of short random patterns over
 * {@code a}, {@code B}, {@code *} and {@code ?} is compared with the strings of up to six
 * characters over {@code a}, {@code b} and {@code c} (a letter no pattern names stands for every
 * other character).
 */
class GlobsTest {

    private static final char[] PATTERN_SYMBOLS = {'a', 'B', '*', '?'};
    private static final List<String> STRINGS = strings(6);

    @Test
    void twoPatternsIntersectExactlyWhenSomeStringMatchesBoth() {
        Random random = new Random(12);
        for (int round = 0; round < 3000; round++) {
            String a = pattern(random);
            String b = pattern(random);
            boolean brute = STRINGS.stream().anyMatch(s -> matches(a, s) && matches(b, s));
            assertThat(Globs.intersect(a, b, true)).as("%s ∩ %s", a, b).isEqualTo(brute);
        }
    }

    @Test
    void coversIsNeverWrongWhenItSaysYes() {
        Random random = new Random(34);
        int yes = 0;
        for (int round = 0; round < 5000; round++) {
            String outer = pattern(random);
            String inner = pattern(random);
            boolean brute =
                    STRINGS.stream()
                            .filter(s -> matches(inner, s))
                            .allMatch(s -> matches(outer, s));
            if (Globs.covers(outer, inner, true)) {
                yes++;
                assertThat(brute).as("%s ⊇ %s", outer, inner).isTrue();
            }
        }
        assertThat(yes).isGreaterThan(100);
    }

    @Test
    void comparesCaseOnlyWhenAsked() {
        assertThat(Globs.intersect("IAM:PassRole", "iam:*", true)).isTrue();
        assertThat(Globs.intersect("IAM:PassRole", "iam:*", false)).isFalse();
        assertThat(
                        Globs.covers(
                                "system:serviceaccount:team-a:*",
                                "system:serviceaccount:Team-a:x",
                                false))
                .isFalse();
    }

    private static String pattern(Random random) {
        StringBuilder p = new StringBuilder();
        int length = random.nextInt(5);
        for (int i = 0; i < length; i++) {
            p.append(PATTERN_SYMBOLS[random.nextInt(PATTERN_SYMBOLS.length)]);
        }
        return p.toString();
    }

    /** IAM's match, ignoring case, through a regular expression. */
    private static boolean matches(String pattern, String s) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(s).matches();
    }

    private static List<String> strings(int maxLength) {
        List<String> all = new ArrayList<>();
        all.add("");
        int from = 0;
        for (int length = 1; length <= maxLength; length++) {
            int to = all.size();
            for (int i = from; i < to; i++) {
                for (char c : new char[] {'a', 'b', 'c'}) {
                    all.add(all.get(i) + c);
                }
            }
            from = to;
        }
        return all;
    }
}
