public class PIncrements {
    public static void main(String[] args) {
        int i = 5;
        int a = i++ + ++i;
        System.out.println(a + " " + i);
        int[] arr = new int[6];
        int k = 0;
        arr[k++] = k;
        arr[k++] = k * 10;
        arr[++k] = k;
        System.out.println(java.util.Arrays.toString(arr) + " " + k);
        int x = 10;
        x += x++;
        System.out.println(x);
        x = 3;
        x = x++ * 2 + x;
        System.out.println(x);
        int y = 2;
        y -= --y;
        System.out.println(y);
        int j = 0;
        while (j++ < 3) {
            System.out.println("j " + j);
        }
        System.out.println("after " + j);
        int m = 0;
        for (int n = 0; n < 3; n++) m = m++ + n;
        System.out.println(m);
        long l = 0;
        l++;
        ++l;
        System.out.println(l--);
        System.out.println(--l);
    }
}
