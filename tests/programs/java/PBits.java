public class PBits {
    public static void main(String[] args) {
        int n = -8;
        System.out.println((n >> 1) + " " + (n >>> 1) + " " + (n << 29));
        System.out.println(1 << 33);
        System.out.println(1L << 33);
        byte b = -16;
        b >>>= 2;
        System.out.println(b);
        int bits = 0b1011_0110;
        int count = 0;
        for (int v = bits; v != 0; v &= v - 1) {
            count++;
        }
        System.out.println(count + " " + Integer.bitCount(bits));
        System.out.println(~bits + " " + (bits ^ 0xff) + " " + (bits | 1) + " " + (bits & ~1));
        System.out.println(Integer.toBinaryString(bits >> 2));
        long mask = 0;
        for (int i = 0; i < 64; i += 9) mask |= 1L << i;
        System.out.println(Long.toHexString(mask));
        char c = 'a';
        c ^= ' ';
        System.out.println(c);
        int x = 12, y = 10;
        x ^= y;
        y ^= x;
        x ^= y;
        System.out.println(x + " " + y);
        System.out.println((5 & 3) == 1 ? "one" : "other");
        boolean p = true, q = false;
        System.out.println((p ^ q) + " " + (p & q) + " " + (p | q));
    }
}
