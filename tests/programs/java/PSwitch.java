public class PSwitch {
    static String name(int d) {
        String s = "";
        switch (d) {
            case 1:
                s += "one ";
            case 2:
                s += "two ";
                break;
            default:
                s += "other ";
            case 3:
                s += "three ";
            case 4: {
                s += "four ";
                break;
            }
            case 5:
        }
        return s + "|";
    }

    static int kind(String w) {
        switch (w) {
            case "a":
            case "b":
                return 1;
            case "c":
                return 2;
            default:
                return w.length();
        }
    }

    static int arrow(char c) {
        int r = switch (c) {
            case 'x', 'y' -> 10;
            case 'z' -> {
                int t = c * 2;
                yield t;
            }
            default -> -1;
        };
        return r;
    }

    public static void main(String[] args) {
        for (int i = 0; i <= 6; i++) {
            System.out.println(i + ": " + name(i));
        }
        System.out.println(kind("a") + kind("c") + kind("hello"));
        System.out.println(arrow('x') + " " + arrow('z') + " " + arrow('q'));
    }
}
