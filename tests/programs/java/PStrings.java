public class PStrings {
    static String caesar(String s, int k) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + k) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + k) % 26);
            }
            out.append(c);
        }
        return out.toString();
    }

    static boolean palindrome(String s) {
        int i = 0, j = s.length() - 1;
        while (i < j) {
            if (s.charAt(i++) != s.charAt(j--)) return false;
        }
        return true;
    }

    public static void main(String[] args) {
        System.out.println(caesar("Hello, World", 3));
        System.out.println(palindrome("racecar") + " " + palindrome("abca"));
        String csv = "a,b,,c";
        String[] parts = csv.split(",");
        System.out.println(parts.length + " " + String.join("|", parts));
        System.out.println("abc".compareTo("abd") + " " + "b".repeat(3));
        String t = "  trim me ";
        System.out.println("[" + t.trim() + "] " + t.indexOf('m') + " " + t.lastIndexOf("m"));
        int vowels = 0;
        for (char c : "education".toCharArray()) {
            switch (c) {
                case 'a': case 'e': case 'i': case 'o': case 'u':
                    vowels++;
                    break;
                default:
                    break;
            }
        }
        System.out.println("vowels " + vowels);
        System.out.println(String.valueOf((Object) null) + String.valueOf(new char[] {'o', 'k'}));
    }
}
