public class PLongMix {
    static long sq(int x) {
        return x * x;
    }

    static long sqLong(int x) {
        return (long) x * x;
    }

    public static void main(String[] args) {
        System.out.println(sq(50000) + " " + sqLong(50000));
        int seconds = 24 * 60 * 60 * 1000 * 1000;
        long correct = 24L * 60 * 60 * 1000 * 1000;
        System.out.println(seconds + " " + correct);
        long acc = 0;
        for (int i = 0; i < 100; i++) {
            acc += i * 1000000;
        }
        System.out.println(acc);
        int small = 7;
        long widened = small;
        System.out.println(widened / 2 + " " + widened / 2.0);
        float f = 1234567890L;
        System.out.println(f);
        double d = Long.MAX_VALUE;
        System.out.println(d + " " + (long) d);
        System.out.println(Long.MIN_VALUE - 1);
        short s = (short) 70000;
        System.out.println(s);
        System.out.println(3 / 2 * 2.0 + " " + 3 / 2.0 * 2);
    }
}
