public class PShortCircuit {
    static int calls = 0;

    static boolean t(String tag) {
        calls++;
        System.out.println("t " + tag);
        return true;
    }

    static boolean f(String tag) {
        calls++;
        System.out.println("f " + tag);
        return false;
    }

    public static void main(String[] args) {
        if (t("a") || f("b")) System.out.println("1");
        if (f("c") && t("d")) System.out.println("2");
        if (f("e") || t("f") && f("g")) System.out.println("3");
        boolean x = f("h") & t("i");
        boolean y = t("j") | f("k");
        System.out.println(x + " " + y);
        int i = 0;
        boolean z = i++ > 0 && i++ > 0;
        System.out.println(z + " " + i);
        z = i++ > 0 || i++ > 0;
        System.out.println(z + " " + i);
        if (!(f("l") || f("m"))) {
            System.out.println("neither");
        } else {
            System.out.println("either");
        }
        String s = null;
        if (s != null && s.length() > 0) System.out.println("nonempty");
        else System.out.println("empty " + calls);
        boolean w = t("n") ? f("o") : t("p");
        System.out.println(w + " " + calls);
    }
}
