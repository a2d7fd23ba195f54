public class PNestedLoops {
    public static void main(String[] args) {
        for (int n = 2; n < 40; n++) {
            boolean prime = true;
            for (int d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (!prime) continue;
            System.out.print(n + " ");
        }
        System.out.println();
        int triples = 0;
        for (int a = 1; a < 20; a++) {
            for (int b = a; b < 20; b++) {
                for (int c = b; c < 30; c++) {
                    if (a * a + b * b != c * c) continue;
                    triples++;
                    System.out.println(a + "," + b + "," + c);
                }
            }
        }
        System.out.println("triples " + triples);
        int i = 0, j;
        while (i < 4) {
            j = 0;
            while (j < i) {
                j++;
                if (j == 2) break;
            }
            System.out.println(i + ":" + j);
            i++;
        }
    }
}
