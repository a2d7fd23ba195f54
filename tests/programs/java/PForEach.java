import java.util.Arrays;
import java.util.List;

public class PForEach {
    public static void main(String[] args) {
        int[] nums = {4, -1, 7, 0, 12, -5, 3};
        int pos = 0, neg = 0;
        for (int n : nums) {
            if (n == 0) continue;
            if (n > 10) break;
            if (n > 0) pos += n; else neg += n;
        }
        System.out.println(pos + " " + neg);
        List<String> words = Arrays.asList("alpha", "beta", "gamma", "delta");
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            for (char c : w.toCharArray()) {
                if (c == 'a') continue;
                sb.append(c);
            }
            sb.append('/');
        }
        System.out.println(sb);
        long product = 1;
        for (final int n : nums) product *= n == 0 ? 1 : n;
        System.out.println(product);
    }
}
