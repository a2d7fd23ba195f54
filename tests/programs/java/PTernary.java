public class PTernary {
    public static void main(String[] args) {
        boolean t = args.length == 0;
        System.out.println(t ? 'a' : 0);
        System.out.println(t ? 1 : 'a');
        int i = 98;
        System.out.println(t ? 'a' : i);
        System.out.println(t ? 1 : 2.0);
        Integer boxed = t ? 7 : null;
        System.out.println(boxed);
        Object o = t ? 1 : "s";
        System.out.println(o);
        long l = t ? Integer.MAX_VALUE + 1L : 0;
        System.out.println(l);
        int a = 5, b = 9;
        int max = a > b ? a : b;
        int nested = a > 3 ? b > 10 ? 1 : 2 : 3;
        System.out.println(max + " " + nested);
        char c = t ? 'x' : 'y';
        c += 1;
        System.out.println(c);
        String s = (a & 1) == 1 ? "odd" + a : "even" + a;
        System.out.println(s);
        System.out.println(!t ? "no" : a < b ? "lt" : "ge");
    }
}
