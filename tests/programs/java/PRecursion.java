public class PRecursion {
    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        return fib(n - 1) + fib(n - 2);
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static long ack(long m, long n) {
        if (m == 0) return n + 1;
        if (n == 0) return ack(m - 1, 1);
        return ack(m - 1, ack(m, n - 1));
    }

    static String hanoi(int n, char from, char to, char via) {
        if (n == 0) return "";
        return hanoi(n - 1, from, via, to) + from + to + " " + hanoi(n - 1, via, to, from);
    }

    public static void main(String[] args) {
        for (int i = 0; i < 15; i++) {
            System.out.print(fib(i) + " ");
        }
        System.out.println();
        System.out.println(gcd(1071, 462) + " " + gcd(17, 5));
        System.out.println(ack(2, 3));
        System.out.println(hanoi(3, 'a', 'c', 'b'));
    }
}
