import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;

public class PLambdas {
    interface Counter {
        int next();
    }

    public static void main(String[] args) {
        int base = 10;
        IntUnaryOperator add = x -> x + base;
        System.out.println(add.applyAsInt(5));
        List<IntSupplier> suppliers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final int copy = i * i;
            suppliers.add(() -> copy + base);
        }
        for (IntSupplier s : suppliers) {
            System.out.println(s.getAsInt());
        }
        int[] box = {0};
        Counter c = new Counter() {
            int own = 100;

            public int next() {
                box[0]++;
                return own + box[0];
            }
        };
        System.out.println(c.next() + " " + c.next() + " " + box[0]);
        String prefix = "p";
        class Local {
            String tag(int n) {
                return prefix + n + base;
            }
        }
        System.out.println(new Local().tag(3));
        Runnable r = () -> {
            int inner = base * 2;
            System.out.println("run " + inner);
        };
        r.run();
        IntUnaryOperator fact = new IntUnaryOperator() {
            public int applyAsInt(int n) {
                return n <= 1 ? 1 : n * applyAsInt(n - 1);
            }
        };
        System.out.println(fact.applyAsInt(6));
    }
}
