public class PShadow {
    static int count = 100;
    int value = 7;

    int compute(int value) {
        int r = value + this.value;
        {
            int count = 3;
            r += count;
        }
        r += count;
        return r;
    }

    static int field() {
        int total = count;
        for (int count = 0; count < 3; count++) {
            total += count;
        }
        return total + count;
    }

    void set(int value) {
        this.value = value * 2;
    }

    public static void main(String[] args) {
        PShadow p = new PShadow();
        System.out.println(p.compute(1));
        System.out.println(field());
        p.set(4);
        System.out.println(p.value + " " + p.compute(p.value));
        int value = 50;
        count = value;
        System.out.println(field() + " " + value);
    }
}
