use rassegna::analysis;
use rassegna::analysis::{FoldFilter, ItalianTokenizer};
use rassegna::eval::search::{mean, query_metrics, read_qrels, read_queries};
use std::collections::HashMap;
use std::path::Path;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

fn exact_terms(a: &mut TextAnalyzer, t: &str) -> Vec<String> {
    let mut s = a.token_stream(t);
    let mut v = vec![];
    while s.advance() {
        v.push(s.token().text.clone());
    }
    v
}

struct Rep {
    docs: Vec<(f32, HashMap<String, f32>)>,
    df: HashMap<String, f32>,
    avg: f32,
}
fn rep(texts: &[Vec<String>]) -> Rep {
    let docs: Vec<(f32, HashMap<String, f32>)> = texts
        .iter()
        .map(|t| {
            let mut tf = HashMap::new();
            for x in t {
                *tf.entry(x.clone()).or_default() += 1.0;
            }
            (t.len() as f32, tf)
        })
        .collect();
    let mut df: HashMap<String, f32> = HashMap::new();
    for d in &docs {
        for k in d.1.keys() {
            *df.entry(k.clone()).or_default() += 1.0;
        }
    }
    let avg = docs.iter().map(|d| d.0).sum::<f32>() / docs.len() as f32;
    Rep { docs, df, avg }
}
fn scores(r: &Rep, terms: &[String], out: &mut [f32], matched: &mut [f32], w: f32) {
    let n = r.docs.len() as f32;
    let k1: f32 = std::env::var("K1")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.2);
    let b: f32 = std::env::var("B")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.75);
    for t in terms {
        let Some(&dfv) = r.df.get(t) else { continue };
        let idf = (1.0 + (n - dfv + 0.5) / (dfv + 0.5)).ln();
        for (i, d) in r.docs.iter().enumerate() {
            if let Some(&f) = d.1.get(t) {
                out[i] += w * idf * f * (k1 + 1.0) / (f + k1 * (1.0 - b + b * d.0 / r.avg));
                matched[i] += 1.0;
            }
        }
    }
}
fn grams(v: &[String], k: usize) -> Vec<String> {
    let mut out = vec![];
    for w in v {
        let c: Vec<char> = format!("_{w}_").chars().collect();
        if c.len() <= k {
            out.push(c.iter().collect());
            continue;
        }
        for i in 0..=c.len() - k {
            out.push(c[i..i + k].iter().collect());
        }
    }
    out
}
fn trunc(v: &[String], k: usize) -> Vec<String> {
    v.iter().map(|x| x.chars().take(k).collect()).collect()
}
fn main() {
    let set = Path::new("/work/shared/data/squad-it-dev");
    let mut ex = TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(FoldFilter)
        .filter(analysis::stop_word_filter())
        .build();
    let mut ids = vec![];
    let mut st = vec![];
    let mut exv = vec![];
    let mut paths: Vec<_> = std::fs::read_dir(set.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let t = std::fs::read_to_string(&p).unwrap();
        ids.push(p.file_stem().unwrap().to_string_lossy().to_string());
        st.push(analysis::analyze(&t));
        exv.push(exact_terms(&mut ex, &t));
    }
    let tk: usize = std::env::var("TK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let rs = rep(&st);
    let re = rep(&exv);
    let rt = rep(&exv.iter().map(|v| trunc(v, tk)).collect::<Vec<_>>());
    let gk: usize = std::env::var("GK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let rg = rep(&exv.iter().map(|v| grams(v, gk)).collect::<Vec<_>>());
    let queries = read_queries(&set.join("queries.tsv")).unwrap();
    let qrels = read_qrels(&set.join("qrels.tsv")).unwrap();
    let q: Vec<(Vec<String>, Vec<String>)> = queries
        .iter()
        .map(|q| {
            let words: Vec<&str> = q
                .text
                .split_whitespace()
                .filter(|w| !analysis::is_question_word(w))
                .collect();
            let j = words.join(" ");
            (analysis::analyze(&j), exact_terms(&mut ex, &j))
        })
        .collect();
    for spec in std::env::args().skip(1) {
        let v: Vec<f32> = spec.split(',').map(|x| x.parse().unwrap()).collect();
        let (ws, we, wt, coord) = (v[0], v[1], v[2], v[3]);
        let wg = v.get(4).copied().unwrap_or(0.0);
        let mut per = vec![];
        for (qq, (s, e)) in queries.iter().zip(&q) {
            let mut sc = vec![0.0; ids.len()];
            let mut m = vec![0.0; ids.len()];
            let mut dummy = vec![0.0; ids.len()];
            scores(&rs, s, &mut sc, &mut m, ws);
            if we > 0.0 {
                scores(&re, e, &mut sc, &mut dummy, we);
            }
            if wt > 0.0 {
                scores(&rt, &trunc(e, tk), &mut sc, &mut dummy, wt);
            }
            if wg > 0.0 {
                scores(&rg, &grams(e, gk), &mut sc, &mut dummy, wg);
            }
            let nq = s.len().max(1) as f32;
            let mut ranked: Vec<(f32, usize)> = sc
                .iter()
                .enumerate()
                .filter(|(i, &x)| x > 0.0 || m[*i] > 0.0)
                .map(|(i, &x)| (x * (m[i] / nq).powf(coord), i))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let r: Vec<String> = ranked.iter().take(100).map(|x| ids[x.1].clone()).collect();
            per.push(query_metrics(&r, &qrels[&qq.id]));
        }
        let m = mean(&per);
        println!(
            "{spec}: mrr {:.4} r1 {:.4} r10 {:.4} ndcg {:.4}",
            m.mrr_at_10, m.recall_at_1, m.recall_at_10, m.ndcg_at_10
        );
    }
}
