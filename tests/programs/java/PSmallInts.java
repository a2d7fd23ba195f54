public class PSmallInts {
    public static void main(String[] args) {
        byte b = 120;
        b += 10;
        System.out.println(b);
        b++;
        System.out.println(b);
        b -= 300;
        System.out.println(b);
        short s = 32000;
        s *= 2;
        System.out.println(s);
        char c = 'A';
        c += 2;
        c++;
        System.out.println(c);
        c *= 2;
        System.out.println((int) c);
        int shifted = b << 3;
        System.out.println(shifted);
        byte m = (byte) 200;
        System.out.println(m + " " + (m & 0xff));
        short t = (short) (s + 1);
        System.out.println(t);
        b = 1;
        b <<= 7;
        System.out.println(b);
        b >>= 1;
        System.out.println(b);
        c = 65535;
        c++;
        System.out.println((int) c);
        int div = -7 / 2;
        int mod = -7 % 2;
        System.out.println(div + " " + mod);
        long big = 1L << 40;
        int narrowed = (int) big;
        System.out.println(narrowed + " " + (int) (big + 5));
    }
}
