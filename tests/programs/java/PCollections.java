import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class PCollections {
    public static void main(String[] args) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) list.add(i * 3 % 7);
        System.out.println(list);
        list.remove(2);
        list.remove(Integer.valueOf(6));
        System.out.println(list);
        Iterator<Integer> it = list.iterator();
        while (it.hasNext()) {
            if (it.next() % 2 == 0) it.remove();
        }
        System.out.println(list);
        Map<String, Integer> freq = new TreeMap<>();
        for (String w : "the cat and the hat and the bat".split(" ")) {
            freq.merge(w, 1, Integer::sum);
        }
        System.out.println(freq);
        int best = 0;
        String bestWord = null;
        for (Map.Entry<String, Integer> e : freq.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                bestWord = e.getKey();
            }
        }
        System.out.println(bestWord + "=" + best);
        Integer a = 127, b = 127, c = 1000, d = 1000;
        System.out.println((a == b) + " " + c.equals(d));
        List<String> names = List.of("b", "a", "c");
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        System.out.println(sorted + " " + names.indexOf("c"));
    }
}
