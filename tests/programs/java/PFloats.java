public class PFloats {
    static String cmp(double a, double b) {
        String s = "";
        if (a < b) s += "<"; else s += "!<";
        if (!(a >= b)) s += " !>="; else s += " >=";
        if (a == b) s += " =="; else s += " !=";
        if (a != a) s += " nan";
        return s;
    }

    public static void main(String[] args) {
        double nan = Double.NaN;
        System.out.println(cmp(nan, 1.0));
        System.out.println(cmp(1.0, nan));
        System.out.println(cmp(1.0, 2.0));
        System.out.println(cmp(-0.0, 0.0));
        System.out.println(0.1 + 0.2);
        System.out.println(0.1f + 0.2f);
        System.out.println(1.0 / 0 + " " + -1.0 / 0);
        System.out.println(0.0 == -0.0);
        System.out.println(Double.compare(0.0, -0.0));
        float f = 16777216f;
        f += 1;
        System.out.println(f);
        double sum = 0;
        for (int i = 1; i <= 10; i++) {
            sum += 1.0 / i;
        }
        System.out.println(sum);
        System.out.println((int) 3.99 + " " + (int) -3.99 + " " + Math.round(-2.5));
        System.out.println((int) Double.NaN + " " + (long) 1e30);
        System.out.println(nan > 0 ? "gt" : "not gt");
        System.out.println(Math.max(nan, 1.0) + " " + Math.min(-0.0, 0.0));
    }
}
