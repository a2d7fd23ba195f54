public class PSwitchLoop {
    public static void main(String[] args) {
        int state = 0;
        int steps = 0;
        while (state != 4) {
            steps++;
            switch (state) {
                case 0:
                    state = 2;
                    continue;
                case 1:
                    state = 3;
                    break;
                case 2:
                    state = 1;
                    if (steps > 100) break;
                    System.out.println("at two");
                    break;
                default:
                    state = 4;
            }
            System.out.println("state " + state);
        }
        System.out.println("steps " + steps);
        for (int i = 0; i < 6; i++) {
            switch (i % 3) {
                case 0:
                    if (i == 3) continue;
                case 1:
                    System.out.println("i " + i);
                    break;
                default:
                    break;
            }
            System.out.println("tail " + i);
        }
    }
}
