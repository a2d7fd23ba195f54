public class PConcat {
    public static void main(String[] args) {
        System.out.println("" + 1 + 2);
        System.out.println(1 + 2 + "");
        System.out.println(1 + 2 + "x" + 1 + 2);
        System.out.println('a' + 'b' + "c");
        System.out.println("c" + 'a' + 'b');
        System.out.println('a' + 1);
        System.out.println((char) ('a' + 1));
        char c = 'q';
        System.out.println("char " + c + 1);
        System.out.println("sum " + (c + 1));
        String s = null;
        System.out.println("null? " + s);
        s += "!";
        System.out.println(s);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(i).append(',');
        }
        System.out.println(sb);
        double d = 1.0 / 3;
        System.out.println("d=" + d + " f=" + (float) d);
        System.out.println(1.0f + "" + 2L + true + null);
        String x = "ab";
        String y = "a" + "b";
        System.out.println(x.equals(y) + " " + (x + y).length());
    }
}
