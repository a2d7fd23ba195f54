public class PEvalOrder {
    static StringBuilder log = new StringBuilder();

    static int v(int x) {
        log.append(x).append(' ');
        return x;
    }

    static int sub(int a, int b) {
        return a - b;
    }

    public static void main(String[] args) {
        int r = v(1) - v(2) * v(3);
        System.out.println(r + " [" + log + "]");
        log.setLength(0);
        r = sub(v(4), v(5));
        System.out.println(r + " [" + log + "]");
        log.setLength(0);
        int[] a = {0, 0, 0};
        a[v(1)] = v(2) + v(0);
        System.out.println(a[1] + " [" + log + "]");
        log.setLength(0);
        boolean b = v(3) > v(2) == v(1) < v(0);
        System.out.println(b + " [" + log + "]");
        log.setLength(0);
        String s = v(7) + "" + v(8);
        System.out.println(s + " [" + log + "]");
        log.setLength(0);
        int x = 1;
        x = x + (x = 5) * x;
        System.out.println(x);
        int i = 0;
        int[] arr = {10, 20, 30};
        arr[i] = i = 2;
        System.out.println(arr[0] + " " + i);
        int sum = v(1) + (v(2) + v(3));
        System.out.println(sum + " [" + log + "]");
    }
}
