// The library procedures that call user procedures, written in Scheme. The engine compiles this source into every
// new global environment, so a tail call or a continuation captured inside a user procedure works through them as
// through any Scheme code. Every loop iterates (a named let the compiler turns into a loop), so a list of 10^6
// elements never deepens the stack, and every result is built from fresh pairs, so re-entering a continuation
// captured during a map never changes a list an earlier return produced (R7RS 6.10).
//
// Bad arguments raise the same WrongType errors as the JS primitives, through %wrong-type. Names starting with %
// are helpers. A procedure's loop carries the procedure's own name, so a backtrace through it reads "in map".

export const prelude = String.raw`
(define (%check-list-end who tail arg-index)
  (if (not (null? tail)) (%wrong-type who "a proper list" tail arg-index)))

;; Several lists walk in step until the shortest ends; each list that ended must end properly.
(define (%all-pairs? lists)
  (or (null? lists) (and (pair? (car lists)) (%all-pairs? (cdr lists)))))
(define (%cars lists)
  (if (null? lists) '() (cons (caar lists) (%cars (cdr lists)))))
(define (%cdrs lists)
  (if (null? lists) '() (cons (cdar lists) (%cdrs (cdr lists)))))
(define (%check-list-ends who lists first-arg-index)
  (let loop ((lists lists) (i first-arg-index))
    (if (pair? lists)
        (begin
          (if (not (pair? (car lists))) (%check-list-end who (car lists) i))
          (loop (cdr lists) (+ i 1))))))

(define (map f list1 . lists)
  (if (null? lists)
      (let map ((l list1) (acc '()))
        (if (pair? l)
            (map (cdr l) (cons (f (car l)) acc))
            (begin (%check-list-end 'map l 2) (reverse acc))))
      (let map ((ls (cons list1 lists)) (acc '()))
        (if (%all-pairs? ls)
            (map (%cdrs ls) (cons (apply f (%cars ls)) acc))
            (begin (%check-list-ends 'map ls 2) (reverse acc))))))

(define (for-each f list1 . lists)
  (if (null? lists)
      (let for-each ((l list1))
        (if (pair? l)
            (begin (f (car l)) (for-each (cdr l)))
            (%check-list-end 'for-each l 2)))
      (let for-each ((ls (cons list1 lists)))
        (if (%all-pairs? ls)
            (begin (apply f (%cars ls)) (for-each (%cdrs ls)))
            (%check-list-ends 'for-each ls 2))))
  (void))

(define (%check-all who ok? expected items first-arg-index)
  (let loop ((xs items) (i first-arg-index))
    (if (pair? xs)
        (begin
          (if (not (ok? (car xs))) (%wrong-type who expected (car xs) i))
          (loop (cdr xs) (+ i 1))))))
(define (%shortest-length lengths)
  (let loop ((ls (cdr lengths)) (n (car lengths)))
    (if (null? ls) n (loop (cdr ls) (if (< (car ls) n) (car ls) n)))))
(define (%refs sequences ref i)
  (if (null? sequences) '() (cons (ref (car sequences) i) (%refs (cdr sequences) ref i))))

;; The element-wise procedures over vectors and strings share one walk: in order, up to the shortest sequence,
;; collecting the results (for the maps) or not (for the for-eachs).
(define (%indexed-walk who ok? expected length-of ref f seqs collect?)
  (%check-all who ok? expected seqs 2)
  (let ((n (%shortest-length (map length-of seqs)))
        (one? (null? (cdr seqs))))
    (let loop ((i 0) (acc '()))
      (if (< i n)
          (let ((r (if one? (f (ref (car seqs) i)) (apply f (%refs seqs ref i)))))
            (loop (+ i 1) (if collect? (cons r acc) acc)))
          (if collect? (reverse acc) (void))))))

(define (vector-map f v . vs)
  (list->vector (%indexed-walk 'vector-map vector? "a vector" vector-length vector-ref f (cons v vs) #t)))

(define (vector-for-each f v . vs)
  (%indexed-walk 'vector-for-each vector? "a vector" vector-length vector-ref f (cons v vs) #f))

(define (string-map f s . ss)
  (let ((chars (%indexed-walk 'string-map string? "a string" string-length string-ref f (cons s ss) #t)))
    (if (not (every char? chars)) (%wrong-type 'string-map "a procedure that returns characters" f 1))
    (list->string chars)))

(define (string-for-each f s . ss)
  (%indexed-walk 'string-for-each string? "a string" string-length string-ref f (cons s ss) #f))

;; SRFI-1: filtering, searching, folding.
(define (filter keep? l)
  (let filter ((l l) (acc '()))
    (cond ((pair? l) (filter (cdr l) (if (keep? (car l)) (cons (car l) acc) acc)))
          (else (%check-list-end 'filter l 2) (reverse acc)))))

(define (remove drop? l)
  (let remove ((l l) (acc '()))
    (cond ((pair? l) (remove (cdr l) (if (drop? (car l)) acc (cons (car l) acc))))
          (else (%check-list-end 'remove l 2) (reverse acc)))))

(define (partition keep? l)
  (let partition ((l l) (in '()) (out '()))
    (cond ((pair? l)
           (if (keep? (car l))
               (partition (cdr l) (cons (car l) in) out)
               (partition (cdr l) in (cons (car l) out))))
          (else (%check-list-end 'partition l 2) (values (reverse in) (reverse out))))))

(define (delete x l . equality)
  (let ((same? (if (null? equality) equal? (car equality))))
    (let delete ((l l) (acc '()))
      (cond ((pair? l) (delete (cdr l) (if (same? x (car l)) acc (cons (car l) acc))))
            (else (%check-list-end 'delete l 2) (reverse acc))))))

(define (delete-duplicates l . equality)
  (let ((same? (if (null? equality) equal? (car equality))))
    (let delete-duplicates ((l l) (kept '()))
      (cond ((pair? l)
             (delete-duplicates (cdr l)
                   (if (let seen? ((k kept)) (and (pair? k) (or (same? (car k) (car l)) (seen? (cdr k)))))
                       kept
                       (cons (car l) kept))))
            (else (%check-list-end 'delete-duplicates l 1) (reverse kept))))))

(define (find-tail pred l)
  (let find-tail ((l l))
    (cond ((pair? l) (if (pred (car l)) l (find-tail (cdr l))))
          (else (%check-list-end 'find-tail l 2) #f))))

(define (find pred l)
  (let ((tail (find-tail pred l)))
    (and tail (car tail))))

(define (list-index pred l)
  (let list-index ((l l) (i 0))
    (cond ((pair? l) (if (pred (car l)) i (list-index (cdr l) (+ i 1))))
          (else (%check-list-end 'list-index l 2) #f))))

(define (any pred list1 . lists)
  (let any ((ls (cons list1 lists)))
    (if (%all-pairs? ls)
        (let ((rest (%cdrs ls)))
          (if (%all-pairs? rest)
              (or (apply pred (%cars ls)) (any rest))
              (begin (%check-list-ends 'any rest 2) (apply pred (%cars ls))))) ; the last call is a tail call
        (begin (%check-list-ends 'any ls 2) #f))))

(define (every pred list1 . lists)
  (let every ((ls (cons list1 lists)))
    (if (%all-pairs? ls)
        (let ((rest (%cdrs ls)))
          (if (%all-pairs? rest)
              (and (apply pred (%cars ls)) (every rest))
              (begin (%check-list-ends 'every rest 2) (apply pred (%cars ls)))))
        (begin (%check-list-ends 'every ls 2) #t))))

(define (count pred list1 . lists)
  (let count ((ls (cons list1 lists)) (n 0))
    (if (%all-pairs? ls)
        (count (%cdrs ls) (if (apply pred (%cars ls)) (+ n 1) n))
        (begin (%check-list-ends 'count ls 2) n))))

(define (filter-map f list1 . lists)
  (let filter-map ((ls (cons list1 lists)) (acc '()))
    (if (%all-pairs? ls)
        (let ((r (apply f (%cars ls))))
          (filter-map (%cdrs ls) (if r (cons r acc) acc)))
        (begin (%check-list-ends 'filter-map ls 2) (reverse acc)))))

;; Appended from the right, so each piece is copied once and no call gets one argument per piece.
(define (append-map f list1 . lists)
  (fold-right append '() (apply map f list1 lists)))

(define (list-tabulate n make)
  (let list-tabulate ((i (- n 1)) (acc '()))
    (if (< i 0) acc (list-tabulate (- i 1) (cons (make i) acc)))))

;; (fold kons knil list ...): SRFI-1, (kons element accumulator) from the left.
(define (fold kons knil list1 . lists)
  (if (null? lists)
      (let fold ((l list1) (acc knil))
        (if (pair? l)
            (fold (cdr l) (kons (car l) acc))
            (begin (%check-list-end 'fold l 3) acc)))
      (let fold ((ls (cons list1 lists)) (acc knil))
        (if (%all-pairs? ls)
            (fold (%cdrs ls) (apply kons (append (%cars ls) (list acc))))
            (begin (%check-list-ends 'fold ls 3) acc)))))

;; (fold-left f init list ...): R6RS, (f accumulator element) from the left.
(define (fold-left f init list1 . lists)
  (if (null? lists)
      (let fold-left ((l list1) (acc init))
        (if (pair? l)
            (fold-left (cdr l) (f acc (car l)))
            (begin (%check-list-end 'fold-left l 3) acc)))
      (let fold-left ((ls (cons list1 lists)) (acc init))
        (if (%all-pairs? ls)
            (fold-left (%cdrs ls) (apply f acc (%cars ls)))
            (begin (%check-list-ends 'fold-left ls 3) acc)))))

;; (fold-right f init list ...): (f element accumulator) from the right; the lists are reversed first, so it
;; iterates too.
(define (fold-right f init list1 . lists)
  (if (null? lists)
      (let fold-right ((l (reverse list1)) (acc init))
        (if (pair? l) (fold-right (cdr l) (f (car l) acc)) acc))
      (let* ((n (%shortest-length (map length (cons list1 lists))))
             (heads (map (lambda (l) (reverse (list-head l n))) (cons list1 lists))))
        (let fold-right ((ls heads) (acc init))
          (if (%all-pairs? ls)
              (fold-right (%cdrs ls) (apply f (append (%cars ls) (list acc))))
              acc)))))

;; (reduce f ridentity list): SRFI-1, (f element accumulator), the first element as the initial accumulator.
(define (reduce f ridentity l)
  (if (null? l)
      ridentity
      (begin
        (if (not (list? l)) (%wrong-type 'reduce "a proper list" l 3))
        (fold f (car l) (cdr l)))))

;; member and assoc with a third argument, the equality predicate.
(define %member-equal? member)
(define (member x l . equality)
  (if (null? equality)
      (%member-equal? x l)
      (let ((same? (car equality)))
        (let member ((t l))
          (cond ((pair? t) (if (same? x (car t)) t (member (cdr t))))
                (else (%check-list-end 'member t 2) #f))))))

(define %assoc-equal? assoc)
(define (assoc key alist . equality)
  (if (null? equality)
      (%assoc-equal? key alist)
      (let ((same? (car equality)))
        (let assoc ((t alist))
          (cond ((pair? t)
                 (if (not (pair? (car t))) (%wrong-type 'assoc "an association list (a list of pairs)" alist 2))
                 (if (same? key (caar t)) (car t) (assoc (cdr t))))
                (else (%check-list-end 'assoc t 2) #f))))))

;; SRFI-1 (alist-delete key alist [=]): alist without the associations whose key matches.
(define (alist-delete key alist . equality)
  (let ((same? (if (null? equality) equal? (car equality))))
    (remove (lambda (entry)
              (if (not (pair? entry)) (%wrong-type 'alist-delete "an association list (a list of pairs)" alist 2))
              (same? key (car entry)))
            alist)))

;; string-index with a predicate as well as a character (SRFI-13).
(define %string-index-char string-index)
(define (string-index s pred . range)
  (if (char? pred)
      (apply %string-index-char s pred range)
      (let ((end (if (and (pair? range) (pair? (cdr range))) (cadr range) (string-length s))))
        (let string-index ((i (if (pair? range) (car range) 0)))
          (cond ((>= i end) #f)
                ((pred (string-ref s i)) i)
                (else (string-index (+ i 1))))))))

;; Sorting: a stable merge sort over a vector, bottom up, so it never recurses. Calysto writes (sort less? seq);
;; SRFI-95 writes (sort seq less?): the procedure argument says which.
(define (%merge-sort! v less?)
  (let* ((n (vector-length v))
         (scratch (make-vector n)))
    (let pass ((width 1) (from v) (to scratch))
      (if (< width n)
          (begin
            (let runs ((lo 0))
              (if (< lo n)
                  (let* ((mid (min (+ lo width) n))
                         (hi (min (+ mid width) n)))
                    (let merge ((i lo) (j mid) (k lo))
                      (cond ((and (< i mid) (< j hi))
                             ;; Take from the right run only when strictly less: equal elements keep their order.
                             (if (less? (vector-ref from j) (vector-ref from i))
                                 (begin (vector-set! to k (vector-ref from j)) (merge i (+ j 1) (+ k 1)))
                                 (begin (vector-set! to k (vector-ref from i)) (merge (+ i 1) j (+ k 1)))))
                            ((< i mid) (vector-set! to k (vector-ref from i)) (merge (+ i 1) j (+ k 1)))
                            ((< j hi) (vector-set! to k (vector-ref from j)) (merge i (+ j 1) (+ k 1)))))
                    (runs hi))))
            (pass (* width 2) to from))
          (if (not (eq? from v)) (vector-copy! v 0 from))))))

(define (%sequence-and-order who a b)
  (let ((args (if (procedure? a) (cons b a) (cons a b))))
    (if (not (procedure? (cdr args))) (%wrong-type who "a procedure (the ordering)" (cdr args) 2))
    (if (not (or (vector? (car args)) (list? (car args)))) (%wrong-type who "a list or a vector" (car args) 1))
    args))

(define (sort a b)
  (let* ((args (%sequence-and-order 'sort a b))
         (seq (car args)))
    (if (vector? seq)
        (let ((v (vector-copy seq))) (%merge-sort! v (cdr args)) v)
        (let ((v (list->vector seq))) (%merge-sort! v (cdr args)) (vector->list v)))))

(define (sort! a b)
  (let* ((args (%sequence-and-order 'sort! a b))
         (seq (car args)))
    (if (vector? seq)
        (begin (%merge-sort! seq (cdr args)) seq)
        (sort seq (cdr args)))))

(define (list-sort a b)
  (let ((args (%sequence-and-order 'list-sort a b)))
    (if (not (list? (car args))) (%wrong-type 'list-sort "a list" (car args) 2))
    (sort (car args) (cdr args))))

(define (vector-sort a b)
  (let ((args (%sequence-and-order 'vector-sort a b)))
    (if (not (vector? (car args))) (%wrong-type 'vector-sort "a vector" (car args) 2))
    (sort (car args) (cdr args))))

(define (vector-sort! a b)
  (let ((args (%sequence-and-order 'vector-sort! a b)))
    (if (not (vector? (car args))) (%wrong-type 'vector-sort! "a vector" (car args) 1))
    (%merge-sort! (car args) (cdr args))
    (void)))

;; Output to strings.
(define (call-with-output-string proc)
  (let ((port (open-output-string)))
    (proc port)
    (get-output-string port)))

(define (with-output-to-string thunk)
  (let ((port (open-output-string)))
    (parameterize ((current-output-port port)) (thunk))
    (get-output-string port)))
`;
