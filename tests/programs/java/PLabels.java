public class PLabels {
    public static void main(String[] args) {
        int found = -1;
        outer:
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                if (i * j == 42) {
                    found = i * 100 + j;
                    break outer;
                }
                if (j > i) continue outer;
            }
        }
        System.out.println("found " + found);
        int total = 0;
        rows:
        for (int r = 0; r < 5; r++) {
            int c = 0;
            while (true) {
                c++;
                if (c > r) continue rows;
                if (c == 3) break rows;
                total += r * c;
            }
        }
        System.out.println("total " + total);
        block: {
            if (total > 0) break block;
            System.out.println("unreached");
        }
        int x = 0;
        loop:
        do {
            x++;
            switch (x) {
                case 2: continue loop;
                case 5: break loop;
                default: System.out.println("x " + x);
            }
        } while (x < 10);
        System.out.println("end " + x);
    }
}
