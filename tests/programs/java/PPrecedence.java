public class PPrecedence {
    public static void main(String[] args) {
        int a = 2, b = 3, c = 4;
        System.out.println(a + b * c);
        System.out.println((a + b) * c);
        System.out.println(a - b - c);
        System.out.println(a - (b - c));
        System.out.println(c / a * b);
        System.out.println(c / (a * b));
        System.out.println(a < b == b < c);
        System.out.println(a & b | c ^ a);
        System.out.println(-a * -b + ~c);
        System.out.println(a++ + -+b);
        boolean t = true, f = false;
        System.out.println(t || f && f);
        System.out.println((t || f) && f);
        System.out.println(!t == f);
        System.out.println(a > b ? a : b > c ? b : c);
        System.out.println(a << 1 + 1);
        System.out.println(10 - 3 + 2);
        System.out.println(100 / 10 / 5);
        System.out.println(2 + 3 + "x" + 2 * 3);
        int x = 1;
        x = x << 2 | x;
        System.out.println(x);
    }
}
