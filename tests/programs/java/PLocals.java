import java.util.ArrayList;
import java.util.List;

public class PLocals {
    public static void main(String[] args) {
        var list = new ArrayList<String>();
        for (var i = 0; i < 3; i++) {
            var s = "item" + i;
            list.add(s);
        }
        System.out.println(list);
        int a = 1, b = 2, c;
        c = a + b;
        {
            int d = c * 2;
            System.out.println(d);
        }
        {
            int d = c * 3;
            System.out.println(d);
        }
        final int limit;
        if (c > 2) {
            limit = 10;
        } else {
            limit = 20;
        }
        System.out.println(limit);
        int unused;
        int total = 0;
        for (int i = 0; i < limit; i += 3) {
            int sq = i * i;
            total += sq;
        }
        System.out.println(total);
        List<Integer> copy = new ArrayList<>();
        int i = 5;
        while (i > 0) {
            int half = i / 2;
            copy.add(half);
            i--;
        }
        System.out.println(copy);
    }
}
