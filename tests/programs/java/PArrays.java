public class PArrays {
    public static void main(String[] args) {
        int[][] grid = new int[4][5];
        for (int r = 0; r < grid.length; r++) {
            for (int c = 0; c < grid[r].length; c++) {
                grid[r][c] = r * c - c;
            }
        }
        int diag = 0;
        for (int i = 0; i < 4; i++) diag += grid[i][i];
        System.out.println("diag " + diag);
        int[] data = {5, 3, 9, 1, 7, 3, 8};
        for (int i = 1; i < data.length; i++) {
            int key = data[i];
            int j = i - 1;
            while (j >= 0 && data[j] > key) {
                data[j + 1] = data[j];
                j--;
            }
            data[j + 1] = key;
        }
        System.out.println(java.util.Arrays.toString(data));
        int[] copy = data.clone();
        copy[0] = 99;
        System.out.println(data[0] + " " + copy[0]);
        int[][] jag = {{1}, {2, 3}, {4, 5, 6}};
        int total = 0;
        for (int[] row : jag) {
            for (int v : row) {
                if (v == 5) continue;
                total += v;
            }
        }
        System.out.println("total " + total);
        char[] letters = "hello".toCharArray();
        for (int i = 0, j = letters.length - 1; i < j; i++, j--) {
            char t = letters[i];
            letters[i] = letters[j];
            letters[j] = t;
        }
        System.out.println(new String(letters));
        String[] words = new String[3];
        System.out.println(words[1] + " " + words.length);
    }
}
