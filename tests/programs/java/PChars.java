public class PChars {
    public static void main(String[] args) {
        for (char c = 'a'; c <= 'e'; c++) {
            System.out.print(c);
            System.out.print((int) c);
        }
        System.out.println();
        char c = 'z';
        c -= 25;
        System.out.println(c);
        int sum = 0;
        for (char d = '0'; d <= '9'; d += 2) sum += d - '0';
        System.out.println(sum);
        char up = Character.toUpperCase('q');
        System.out.println(up + 0);
        System.out.println("" + up + 0);
        char m = (char) -1;
        System.out.println((int) m);
        System.out.println('7' - '0' + 'a');
        char[] hex = "0123456789abcdef".toCharArray();
        int v = 0xBEEF;
        StringBuilder out = new StringBuilder();
        while (v != 0) {
            out.insert(0, hex[v & 15]);
            v >>>= 4;
        }
        System.out.println(out);
        System.out.println(Character.isDigit('5') && !Character.isLetter('5'));
    }
}
