import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

public class PGenerics {
    static <T extends Comparable<T>> T max(List<T> xs) {
        T best = null;
        for (T x : xs) {
            if (best == null || x.compareTo(best) > 0) best = x;
        }
        return best;
    }

    static class Pair<A, B> {
        final A first;
        final B second;

        Pair(A first, B second) {
            this.first = first;
            this.second = second;
        }

        public String toString() {
            return "(" + first + ", " + second + ")";
        }
    }

    public static void main(String[] args) {
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < 8; i++) xs.add((i * 5) % 11);
        System.out.println(max(xs));
        List<String> ws = List.of("pear", "fig", "banana");
        System.out.println(max(ws));
        List<Pair<String, Integer>> pairs = new ArrayList<>();
        for (String w : ws) pairs.add(new Pair<>(w, w.length()));
        pairs.sort(Comparator.comparing((Pair<String, Integer> p) -> p.second).thenComparing(p -> p.first));
        System.out.println(pairs);
    }
}
