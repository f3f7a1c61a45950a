// The Lucene anchor of scripts/bench.sh --lucene: the same corpus and queries
// through Lucene's ItalianAnalyzer, for figures side by side with rassegna's.
//
//   java LuceneBench index CORPUS INDEX     2 threads, 256 MB RAM buffer, one commit
//   java LuceneBench query INDEX QUERIES.tsv ROUNDS
//
// The body (the file without its `date` header line) is one stored text field;
// queries go through the classic QueryParser with AND as default operator
// (rassegna's semantics), persons as a phrase; top 10 with stored fields read,
// with and without UnifiedHighlighter snippets; one thread, after a warm-up,
// each query's median of ROUNDS; percentiles over queries per kind.
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.stream.*;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;

public class LuceneBench {
  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("index")) {
      index(Paths.get(args[1]), Paths.get(args[2]));
    } else if (args.length >= 4 && args[0].equals("query")) {
      query(Paths.get(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]));
    } else {
      System.err.println("usage: LuceneBench index CORPUS INDEX | query INDEX QUERIES.tsv ROUNDS");
      System.exit(2);
    }
  }

  static void index(Path corpus, Path indexDir) throws Exception {
    long start = System.nanoTime();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(p -> p.toString().endsWith(".txt") && Files.isRegularFile(p))
          .collect(Collectors.toList());
    }
    IndexWriterConfig config = new IndexWriterConfig(new ItalianAnalyzer());
    config.setRAMBufferSizeMB(256);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    try (IndexWriter writer = new IndexWriter(FSDirectory.open(indexDir), config)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      int threads = 2;
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int shard = t;
        done.add(pool.submit(() -> {
          for (int i = shard; i < files.size(); i += threads) {
            Path file = files.get(i);
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            if (text.startsWith("date ")) {
              int eol = text.indexOf('\n');
              text = eol < 0 ? "" : text.substring(eol + 1);
            }
            Document doc = new Document();
            doc.add(new StringField("id", corpus.relativize(file).toString(), Field.Store.YES));
            doc.add(new TextField("body", text, Field.Store.YES));
            writer.addDocument(doc);
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
      pool.shutdown();
      writer.commit();
    }
    System.out.printf(Locale.ROOT, "lucene indexed %d articles in %.2f s%n", files.size(),
        (System.nanoTime() - start) / 1e9);
  }

  static void query(Path indexDir, Path queriesFile, int rounds) throws Exception {
    List<String[]> queries = new ArrayList<>();
    List<String> lines = Files.readAllLines(queriesFile, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] kv = line.split("\t", 2);
      if (kv.length < 2) continue;
      String text = kv[0].equals("person") ? "\"" + QueryParser.escape(kv[1]) + "\""
          : kv[0].equals("phrase") ? kv[1] : QueryParser.escape(kv[1]);
      queries.add(new String[] {kv[0], text});
    }
    ItalianAnalyzer analyzer = new ItalianAnalyzer();
    try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(indexDir))) {
      IndexSearcher searcher = new IndexSearcher(reader);
      UnifiedHighlighter highlighter = new UnifiedHighlighter(searcher, analyzer);
      System.out.printf("lucene index: %s, %d articles%n", indexDir, reader.numDocs());
      for (boolean snippets : new boolean[] {true, false}) {
        Map<String, List<Double>> byKind = new LinkedHashMap<>();
        for (String k : new String[] {"term", "and2", "phrase", "person", "all"}) byKind.put(k, new ArrayList<>());
        for (String[] q : queries) {
          QueryParser parser = new QueryParser("body", analyzer);
          parser.setDefaultOperator(QueryParser.Operator.AND);
          Query query = parser.parse(q[1]);
          double[] times = new double[rounds];
          run(searcher, highlighter, query, snippets); // warm-up
          for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            run(searcher, highlighter, query, snippets);
            times[r] = (System.nanoTime() - t0) / 1e6;
          }
          Arrays.sort(times);
          byKind.get(q[0]).add(times[rounds / 2]);
          byKind.get("all").add(times[rounds / 2]);
        }
        System.out.println(snippets ? "\ntop 10, with snippets (UnifiedHighlighter):" : "\ntop 10, stored fields loaded, no snippets:");
        System.out.println("| kind | queries | median ms | p95 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<String, List<Double>> e : byKind.entrySet()) {
          List<Double> ms = e.getValue();
          if (ms.isEmpty()) continue;
          Collections.sort(ms);
          System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", e.getKey(), ms.size(),
              at(ms, 0.5), at(ms, 0.95), at(ms, 0.99), ms.get(ms.size() - 1));
        }
      }
    }
  }

  static double at(List<Double> ms, double q) {
    return ms.get((int) Math.round((ms.size() - 1) * q));
  }

  static int run(IndexSearcher searcher, UnifiedHighlighter highlighter, Query query, boolean snippets)
      throws Exception {
    TopDocs top = searcher.search(query, 10);
    int n = 0;
    for (ScoreDoc sd : top.scoreDocs) {
      n += searcher.doc(sd.doc).get("id").length();
    }
    if (snippets && top.scoreDocs.length > 0) {
      String[] s = highlighter.highlight("body", query, top, 1);
      n += s.length;
    }
    return n;
  }
}
