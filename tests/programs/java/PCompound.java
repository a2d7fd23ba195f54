public class PCompound {
    static int idx = 0;

    static int next() {
        return idx++;
    }

    public static void main(String[] args) {
        int[] a = {1, 2, 3, 4};
        a[next()] += 10;
        a[next()] *= a[next()];
        System.out.println(java.util.Arrays.toString(a) + " " + idx);
        int x = 7;
        x += x++ + ++x;
        System.out.println(x);
        int y = 20;
        y /= 3;
        y %= 4;
        y <<= 2;
        y -= -y;
        System.out.println(y);
        double d = 10;
        d /= 4;
        System.out.println(d);
        int i = 10;
        i /= 4;
        System.out.println(i);
        int j = 5;
        j += 2.7;
        System.out.println(j);
        long l = 5;
        l *= 1.5;
        System.out.println(l);
        String s = "a";
        s += 1 + 2;
        s += 'c';
        System.out.println(s);
        int k = 3;
        k = k-- - --k;
        System.out.println(k);
    }
}
