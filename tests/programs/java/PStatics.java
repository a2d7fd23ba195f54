public class PStatics {
    static int counter;
    static final int LIMIT = 5;

    static int bump() {
        return ++counter;
    }

    int instance = 3;

    int twice() {
        return instance * 2;
    }

    public static void main(String[] args) {
        while (bump() < LIMIT) {
            System.out.println("counter " + counter);
        }
        PStatics p = new PStatics();
        PStatics q = new PStatics();
        q.instance = 10;
        System.out.println(p.twice() + q.twice());
        int counter = 42;
        System.out.println(counter + " " + PStatics.counter);
        PStatics.counter = 0;
        for (int i = 0; i < 3; i++) bump();
        System.out.println(PStatics.counter);
    }
}
