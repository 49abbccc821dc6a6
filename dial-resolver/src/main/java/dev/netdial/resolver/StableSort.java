package dev.netdial.resolver;

import java.util.Comparator;
import java.util.List;

/**
 * Go's stable sort: insertion sort over blocks of 20, then in-place SymMerge of the blocks.
 * Unlike {@link List#sort}, it never rejects a comparator that is not a total order, and for
 * such a comparator it gives exactly Go's result.
 *
 * <p>Go: {@code src/slices/zsortanyfunc.go} {@code stableCmpFunc},
 * {@code insertionSortCmpFunc}, {@code symMergeCmpFunc}, {@code rotateCmpFunc},
 * {@code swapRangeCmpFunc}.
 */
final class StableSort {

    private StableSort() {
    }

    /** Sorts {@code data} stably by {@code cmp}. Go: {@code slices.SortStableFunc}. */
    static <E> void sort(List<E> data, Comparator<? super E> cmp) {
        int n = data.size();
        int blockSize = 20;
        int a = 0;
        int b = blockSize;
        while (b <= n) {
            insertionSort(data, a, b, cmp);
            a = b;
            b += blockSize;
        }
        insertionSort(data, a, n, cmp);
        while (blockSize < n) {
            a = 0;
            b = 2 * blockSize;
            while (b <= n) {
                symMerge(data, a, a + blockSize, b, cmp);
                a = b;
                b += 2 * blockSize;
            }
            int m = a + blockSize;
            if (m < n) {
                symMerge(data, a, m, n, cmp);
            }
            blockSize *= 2;
        }
    }

    /** Sorts {@code data[a, b)} by insertion; stable. Go: {@code insertionSortCmpFunc}. */
    private static <E> void insertionSort(List<E> data, int a, int b, Comparator<? super E> cmp) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && cmp.compare(data.get(j), data.get(j - 1)) < 0; j--) {
                swap(data, j, j - 1);
            }
        }
    }

    /**
     * Merges the sorted runs {@code [a, m)} and {@code [m, b)} in place (Kim and Kutzner's
     * SymMerge).
     *
     * <p>Go: {@code symMergeCmpFunc}.
     */
    private static <E> void symMerge(List<E> data, int a, int m, int b, Comparator<? super E> cmp) {
        if (m - a == 1) {
            // One element on the left: binary-search its place on the right, then shift it there.
            int i = m;
            int j = b;
            while (i < j) {
                int h = (i + j) >>> 1;
                if (cmp.compare(data.get(h), data.get(a)) < 0) {
                    i = h + 1;
                } else {
                    j = h;
                }
            }
            for (int k = a; k < i - 1; k++) {
                swap(data, k, k + 1);
            }
            return;
        }
        if (b - m == 1) {
            // One element on the right: binary-search its place on the left.
            int i = a;
            int j = m;
            while (i < j) {
                int h = (i + j) >>> 1;
                if (!(cmp.compare(data.get(m), data.get(h)) < 0)) {
                    i = h + 1;
                } else {
                    j = h;
                }
            }
            for (int k = m; k > i; k--) {
                swap(data, k, k - 1);
            }
            return;
        }
        int mid = (a + b) >>> 1;
        int n = mid + m;
        int start;
        int r;
        if (m > mid) {
            start = n - b;
            r = mid;
        } else {
            start = a;
            r = m;
        }
        int p = n - 1;
        while (start < r) {
            int c = (start + r) >>> 1;
            if (!(cmp.compare(data.get(p - c), data.get(c)) < 0)) {
                start = c + 1;
            } else {
                r = c;
            }
        }
        int end = n - start;
        if (start < m && m < end) {
            rotate(data, start, m, end);
        }
        if (a < start && start < mid) {
            symMerge(data, a, start, mid, cmp);
        }
        if (mid < end && end < b) {
            symMerge(data, mid, end, b, cmp);
        }
    }

    /** Swaps the blocks {@code [a, m)} and {@code [m, b)}. Go: {@code rotateCmpFunc}. */
    private static <E> void rotate(List<E> data, int a, int m, int b) {
        int i = m - a;
        int j = b - m;
        while (i != j) {
            if (i > j) {
                swapRange(data, m - i, m, j);
                i -= j;
            } else {
                swapRange(data, m - i, m + j - i, i);
                j -= i;
            }
        }
        swapRange(data, m - i, m, i);
    }

    /** Go: {@code swapRangeCmpFunc}. */
    private static <E> void swapRange(List<E> data, int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            swap(data, a + i, b + i);
        }
    }

    private static <E> void swap(List<E> data, int i, int j) {
        E t = data.get(i);
        data.set(i, data.get(j));
        data.set(j, t);
    }
}
