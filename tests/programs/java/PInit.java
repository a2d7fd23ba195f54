public class PInit {
    static StringBuilder trace = new StringBuilder();
    static int s1 = step("s1");
    int i1 = step("i1");

    static {
        step("static block");
    }

    {
        step("instance block");
    }

    int i2;

    PInit() {
        i2 = step("ctor");
    }

    PInit(int n) {
        this();
        i2 += n;
    }

    static int step(String name) {
        trace.append(name).append(';');
        return trace.length();
    }

    public static void main(String[] args) {
        PInit a = new PInit(5);
        System.out.println(trace);
        System.out.println(a.i1 + " " + a.i2 + " " + s1);
        trace.setLength(0);
        new PInit();
        System.out.println(trace);
    }
}
