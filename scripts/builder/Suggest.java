package builder;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean ...?": the closest candidate by edit distance, if it is close enough. */
public final class Suggest {
    private Suggest() {
    }

    public static Optional<String> nearest(String wrong, Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt(c -> distance(wrong.toLowerCase(), c.toLowerCase())))
                .filter(c -> distance(wrong.toLowerCase(), c.toLowerCase()) <= Math.max(3, wrong.length() / 2));
    }

    /** The candidates nearest to {@code wrong} (ties all named, at most {@code n}), if close enough to be meant. */
    public static java.util.List<String> nearestFew(String wrong, Collection<String> candidates, int n) {
        String w = wrong.toLowerCase();
        int best = candidates.stream().mapToInt(c -> distance(w, c.toLowerCase())).min().orElse(Integer.MAX_VALUE);
        if (best > Math.max(3, wrong.length() / 2)) {
            return java.util.List.of();
        }
        return candidates.stream().filter(c -> distance(w, c.toLowerCase()) == best).sorted().limit(n).toList();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
