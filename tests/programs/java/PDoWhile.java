public class PDoWhile {
    public static void main(String[] args) {
        int i = 0;
        do {
            i++;
            if (i % 2 == 0) continue;
            System.out.println("odd " + i);
        } while (i < 7);
        int n = 12345;
        int digits = 0;
        do {
            digits++;
            n /= 10;
        } while (n != 0);
        System.out.println("digits " + digits);
        int x = 100;
        do x -= 30; while (x > 0);
        System.out.println(x);
        int tries = 0;
        do {
            tries++;
            if (tries == 3) break;
        } while (true);
        System.out.println("tries " + tries);
        int k = 0;
        do {
            int j = 0;
            while (j < k) {
                j++;
                if (j == 2) continue;
                System.out.print(j);
            }
            System.out.println("|" + k);
            k++;
        } while (k < 4);
    }
}
