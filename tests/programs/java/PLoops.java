public class PLoops {
    public static void main(String[] args) {
        int sum = 0;
        for (int i = 0; i < 20; i++) {
            if (i % 3 == 0) {
                continue;
            }
            if (i > 15) {
                break;
            }
            sum += i;
        }
        System.out.println("for: " + sum);
        int k = 0;
        int evens = 0;
        while (k < 30) {
            k++;
            if (k % 2 == 1) continue;
            evens += k;
        }
        System.out.println("while: " + evens + " " + k);
        int n = 10;
        do {
            n -= 3;
            if (n == 4) continue;
            System.out.println("do: " + n);
        } while (n > 0);
        for (int i = 0, j = 10; i < j; i++, j--) {
            System.out.println("pair " + i + " " + j);
        }
        int count = 0;
        for (;;) {
            if (++count >= 5) break;
        }
        System.out.println("count " + count);
    }
}
