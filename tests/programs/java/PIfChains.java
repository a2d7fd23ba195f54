public class PIfChains {
    static String grade(int score) {
        if (score >= 90) {
            return "A";
        } else if (score >= 80) {
            return "B";
        } else if (score >= 70) {
            return "C";
        }
        return "F";
    }

    public static void main(String[] args) {
        int x = 5;
        if (x > 3) {
            x = 1;
        } else {
            x = 100;
        }
        System.out.println(x);
        int y = 0;
        if (y == 0) {
            y = 1;
        } else if (y == 1) {
            y = 2;
        }
        System.out.println(y);
        boolean flag = true;
        if (flag) {
            flag = false;
            System.out.println("first");
        } else {
            System.out.println("second");
        }
        if (!flag) System.out.println("negated");
        for (int s = 65; s <= 95; s += 10) {
            System.out.print(grade(s));
        }
        System.out.println();
        int z = 4;
        if (z % 2 == 0)
            if (z > 10) System.out.println("big even");
            else System.out.println("small even");
        int w = 0;
        if (w++ == 0 && w++ == 1) {
            w *= 10;
        }
        System.out.println(w);
    }
}
