public class POverload {
    static String f(int x) {
        return "int";
    }

    static String f(long x) {
        return "long";
    }

    static String f(Integer x) {
        return "Integer";
    }

    static String f(Object x) {
        return "Object";
    }

    static String g(int... xs) {
        return "varargs" + xs.length;
    }

    static String g(int a, int b) {
        return "two";
    }

    static String h(double d) {
        return "double " + d;
    }

    public static void main(String[] args) {
        byte b = 1;
        short s = 2;
        char c = 'c';
        System.out.println(f(1) + " " + f(1L) + " " + f(b) + " " + f(s) + " " + f(c));
        System.out.println(f(Integer.valueOf(3)) + " " + f("s") + " " + f(1.5));
        System.out.println(g() + " " + g(1) + " " + g(1, 2) + " " + g(1, 2, 3));
        System.out.println(h(3) + " " + h('a') + " " + h(2L));
        Object o = 5;
        System.out.println(f(o));
    }
}
