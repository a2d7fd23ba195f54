public class POverflow {
    public static void main(String[] args) {
        int max = Integer.MAX_VALUE;
        System.out.println(max + 1);
        System.out.println(Math.abs(Integer.MIN_VALUE));
        System.out.println(-Integer.MIN_VALUE);
        int a = 100000;
        long wrong = a * a;
        long right = (long) a * a;
        System.out.println(wrong + " " + right);
        System.out.println(Integer.MIN_VALUE / -1);
        long lmax = Long.MAX_VALUE;
        System.out.println(lmax + 1);
        int h = 0;
        for (int i = 0; i < 20; i++) {
            h = 31 * h + i * 7919;
        }
        System.out.println(h);
        System.out.println((byte) (127 + 1));
        System.out.println(max * 2 / 2);
        System.out.println(max / 2 * 2);
        int neg = -17;
        System.out.println(neg >> 2);
        System.out.println(neg >>> 28);
        System.out.println(neg / 4 + " " + Math.floorDiv(neg, 4));
        System.out.println(Integer.compare(max, max + 1) + " " + (max < max + 1));
    }
}
