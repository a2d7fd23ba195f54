public class PExceptions {
    static int tricky() {
        int x = 1;
        try {
            return x;
        } finally {
            x = 2;
            System.out.println("finally " + x);
        }
    }

    @SuppressWarnings("finally")
    static int override() {
        try {
            throw new IllegalStateException("boom");
        } finally {
            return 7;
        }
    }

    static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static void main(String[] args) {
        System.out.println(tricky());
        System.out.println(override());
        System.out.println(parse("42") + parse("x"));
        int i = 0;
        while (true) {
            try {
                i++;
                if (i == 3) break;
                if (i == 1) continue;
                System.out.println("body " + i);
            } finally {
                System.out.println("cleanup " + i);
            }
        }
        try {
            int[] a = new int[2];
            a[i] = 1;
        } catch (ArrayIndexOutOfBoundsException e) {
            System.out.println("caught index");
        }
        try {
            Object o = "s";
            Integer n = (Integer) o;
            System.out.println(n);
        } catch (ClassCastException | IllegalArgumentException e) {
            System.out.println("caught cast");
        }
    }
}
