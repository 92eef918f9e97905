/* careerbook: template tools, checklists, self-assessment. ES2020, no network, compact (<25 KB with the CSS).
localStorage["careerbook:"+handbook]={schema:2,handbook,created,updated,version,target,answers:{id:{r:0|1|2,n,t,c,l,at}},
checks:{list:{item:{at,t}}},snapshots:[{id,at,target,answers}]}; unknown ids stay (retired). */
(()=>{
"use strict";
if(window.careerbook)return;// one copy per chapter in print.html
const V=2,d=document,RT=["not yet","sometimes","consistently"],$=(s,e=d)=>e.querySelector(s),$$=(s,e=d)=>[...e.querySelectorAll(s)],
now=()=>new Date().toISOString(),day=()=>now().slice(0,10),K=Object.keys,E=Object.entries,ok=x=>x!=null&&x!==false,
obj=x=>x&&typeof x=="object",NO="it is not careerbook data",esc=s=>String(s).replace(/[&<>"]/g,c=>"&#"+c.charCodeAt(0)+";"),N=()=>Object.create(null);
let n0=0,HB,KEY,st,broken=null,why,D,box,stat,L,C,root,cmp="";
const LI=N(),B=N(),U=N(),ui={},uid=()=>"cb-u"+ ++n0;
function fill(e,...k){e.replaceChildren(...k.flat(9).filter(ok));return e}
function h(t,a={},...k){// h("tag.class",{attr,text,onevent}?,...children)
if(a?.constructor!=Object){k.unshift(a);a={}}
const[n,...c]=t.split("."),e=d.createElement(n);if(c[0])e.className=c.join(" ");
for(const n in a){const v=a[n];if(!ok(v))continue;if(n=="text")k.unshift(v);else if(/^on/.test(n))e.addEventListener(n.slice(2),v);else e.setAttribute(n,v===true?"":v)}
return fill(e,...k)}
const btn=(t,f,x)=>h("button.cb-button",{type:"button",onclick:f},t,x),P=(t,c)=>h("p",{text:t,class:c}),
tools=(...k)=>h("div.cb-tools",k),li=(...k)=>h("li",k);
function dl(n,t,type){const a=h("a",{href:URL.createObjectURL(new Blob([t],{type})),download:n});d.body.append(a);a.click();a.remove()}
// In-page question; resolves to the button's value. No <form>: mdBook cancels submits.
const ask=(t,body,bs)=>new Promise(r=>{
const id=uid(),g=h("dialog.cb-dialog",{"aria-labelledby":id,onkeydown:e=>{if(e.key=="Escape"){e.stopPropagation();g.close("")}}},h("h2",{id,text:t}),body,
tools(bs.map(([v,l,f])=>Object.assign(btn(l,()=>g.close(v)),{autofocus:!!f}))));
g.onclose=()=>{r(g.returnValue);g.remove()};
d.body.append(g);g.showModal()});
d.addEventListener("click",e=>{// template tools
const b=e.target.closest?.("[data-cb-copy],[data-cb-download]"),c=b?.hasAttribute("data-cb-copy"),p=b&&d.getElementById(b.getAttribute(c?"data-cb-copy":"data-cb-download")+"-text");
if(!p)return;
if(c)navigator.clipboard?.writeText(p.textContent).then(()=>{b.textContent="Copied"});
else dl(b.getAttribute("data-cb-filename")||"template.md",p.textContent,"text/markdown")});

// Step N migrates schema N to N+1, the last is the identity. 1: {handbook,saved,target,ratings:{id:word},notes,ticks:{"l:i":1}}
const STEPS={
1:o=>({schema:2,handbook:o.handbook,created:o.saved||now(),updated:o.saved||now(),version:null,target:o.target||null,
answers:Object.fromEntries(K({...o.ratings,...o.notes}).map(i=>{const r=RT.indexOf(o.ratings?.[i]);return[i,{r:r<0?void 0:r,n:o.notes?.[i]||void 0}]})),
checks:E(o.ticks||{}).reduce((m,[k,v])=>{const[l,i]=k.split(":");if(v)(m[l]||={})[i]={};return m},{}),snapshots:[]}),
2:o=>o};
function migrate(f,o){
if(!obj(o)||!(f>=1))throw Error(NO);
if(f>V)throw Error(`it was saved by a newer careerbook (schema ${f})`);
while(f<V)o=STEPS[f++](o);
o=STEPS[V](o);
if(!obj(o.answers)||!Object.values(o.answers).every(obj)||!obj(o.checks)||!Object.values(o.checks).every(obj)||!Array.isArray(o.snapshots)||!o.snapshots.every(s=>obj(s)&&obj(s.answers)))throw Error("its shape is unexpected");
return o}
function parse(r){
const o=JSON.parse(r);
if(o?.handbook!=HB)throw Error(o?.handbook?`it is for the handbook “${o.handbook}”`:NO);
return migrate(o.schema,o)}
const fresh=(t=now())=>({schema:V,handbook:HB,created:t,updated:t,version:null,target:null,answers:{},checks:{},snapshots:[]});
function load(){
let r;broken=null;
try{r=localStorage.getItem(KEY)}catch(e){}
if(r==null)return fresh();
try{return parse(r)}catch(e){broken=r;why=e.message;return fresh()}}
function save(touch=1){
if(broken!=null)return;
if(touch)st.updated=now();
if(D){st.version=D.version;for(const i in st.answers)if(B[i])Object.assign(st.answers[i],{t:B[i].text,c:B[i].c,l:B[i].level})}
try{localStorage.setItem(KEY,JSON.stringify(st));return 1}catch(e){say("Not saved: "+e.message)}}

const say=m=>stat&&(stat.textContent=m),rt=a=>ok(a?.r)?RT[a.r]:"not rated",rtn=a=>rt(a)+(a?.n?": “"+a.n+"”":"");
function notices(){
fill(box,broken!=null&&h("div.cb-note.cb-warn",{role:"alert"},
h("p",h("strong","Your saved answers could not be read"),` (${why}). They are kept: changes are not saved until you start fresh.`),
tools(btn("Download the stored text",()=>dl(`careerbook-${HB}-stored.txt`,broken,"text/plain")),btn("Start fresh",async()=>{
if(await ask("Start fresh?",P("The stored text is replaced by this page's answers."),[["","Cancel",1],["y","Start fresh"]])!="y")return;
broken=null;save();notices();say("Saved.")}))),
location.protocol=="file:"&&h("div.cb-note",P(`Opened as files (file://): some browsers keep each file's storage apart, so answers may not reach other pages. Use “careerbook serve”, or export here and import there.`),!D&&tools(io())))}
function io(full){
const f=h("input.cb-sr",{type:"file",accept:".json,application/json",onchange:()=>{f.files[0]&&imp(f.files[0]);f.value=""}});
return[btn("Export JSON",()=>dl(`careerbook-${HB}-${day()}.json`,JSON.stringify({...st,exported:now()},null,2),"application/json")),
full&&btn("Export Markdown (promotion case)",()=>dl(`promotion-case-${day()}.md`,md(),"text/markdown")),h("label.cb-button.cb-file","Import JSON",f),full&&btn("Print",()=>print())]}
async function imp(file){
let o;
try{o=parse(await file.text())}catch(e){return say("Nothing imported: "+e.message+".")}
delete o.exported;
const A=st.answers,I=o.answers,was=!K(A).length&&!K(st.checks).length&&!st.snapshots.length&&!st.target;
if(was)st=o;
else{// merge, the reader settles conflicts
const c=K(I).filter(i=>A[i]&&(A[i].r!=I[i].r||(A[i].n||"")!=(I[i].n||""))),tc=o.target&&st.target&&o.target!=st.target;
let p="mine";
if(c.length||tc){
p=await ask("The file differs from your answers",h("div",P(`${c.length+!!tc} answers differ. Answers only in the file are added either way.`),
h("ul.cb-conflicts",tc&&li(`Target level — yours: ${lt(st.target)}; imported: ${lt(o.target)}`),
c.map(i=>li(h("strong",B[i]?.text||A[i].t||i),h("br"),"Yours: "+rtn(A[i]),h("br"),"Imported: "+rtn(I[i]))))),
[["mine","Keep mine",1],["theirs","Take imported"],["","Cancel"]]);
if(!p)return say("Import cancelled: nothing changed.")}
for(const i in I)if(!A[i]||p=="theirs")A[i]=I[i];
if(!st.target||p=="theirs"&&o.target)st.target=o.target;
for(const l in o.checks)st.checks[l]={...o.checks[l],...st.checks[l]};
const s=st.snapshots.map(x=>x.id);
st.snapshots=st.snapshots.concat(o.snapshots.filter(x=>!s.includes(x.id))).sort((a,b)=>a.at<b.at?-1:1)}
const sv=save(!was);
refresh();say(`Imported ${K(I).length} answers`+(sv?".":"; not saved (see above)."))}

// checklists
const tk=b=>!!st.checks[b.dataset.cbList]?.[b.dataset.cbItem],boxes=(w=d)=>$$("input.cb-checkbox[data-cb-item]",w);
function checks(){
boxes().forEach(b=>{b.disabled=false;b.onchange=()=>{
const l=b.dataset.cbList,m=st.checks[l]||={};
if(b.checked)m[b.dataset.cbItem]={at:now(),t:b.closest(".cb-check")?.querySelector(".cb-check-text")?.textContent.trim()};
else delete m[b.dataset.cbItem];
if(!K(m).length)delete st.checks[l];
save();sync()}});
$$("[data-cb-checklist]").forEach(w=>{
const n=w.dataset.cbTitle||"";
$(".cb-checklist-bar",w)?.append(btn("Reset",async()=>{
const bs=boxes(w),k=bs.filter(tk).length;
if(k&&await ask("Reset this checklist?",P(`Untick all ${k} ticked items of “${n}”?`),[["","Cancel",1],["y","Reset"]])=="y"){bs.forEach(b=>delete st.checks[b.dataset.cbList]?.[b.dataset.cbItem]);save();sync()}
},h("span.cb-sr"," "+n)));
w.append(h("div.cb-gone"))})}
function sync(){
boxes().forEach(b=>{b.checked=tk(b)});
$$("[data-cb-progress]").forEach(p=>{
const i=CSS.escape(p.dataset.cbProgress),w=p.closest(`[data-cb-checklist="${i}"],[data-cb-phase="${i}"]`),m=N();
if(!w)return;
boxes(w).forEach(b=>m[b.dataset.cbList+" "+b.dataset.cbItem]=tk(b));
const n=K(m).length,k=Object.values(m).filter(Boolean).length;
p.textContent=`${k} of ${n} done`;
p.classList.toggle("cb-done",k>0&&k==n)});
$$("[data-cb-checklist]").forEach(w=>{
const here=boxes(w).map(b=>b.dataset.cbItem),g=E(st.checks[w.dataset.cbChecklist]||{}).filter(([i])=>!here.includes(i));
fill($(".cb-gone",w),g.length>0&&[P("Ticked, no longer in this list (kept in case they return):","cb-muted"),h("ul",g.map(([i,v])=>li((v.t||"")+" ",h("code",i))))])})}

// Scoring, as the self-assessment chapter says: a level is met at an average >= 2/3 (consistently 1, sometimes 1/2).
const val=a=>[0,.5,1][a?.r]||0;
function score(c,A){
const p=L.map(()=>[0,0]);
c.behaviours.forEach(b=>{const q=p[LI[b.level]];q[0]+=val(A[b.id]);q[1]++});
let at=-1,f=0;
for(const[s,n]of p){if(n&&s/n<2/3){f=s/n;break}at++}
return{at,x:at+1+f}}
const scores=A=>C.map(c=>score(c,A)),wt=c=>+c.weight||1,lv=i=>i<0?"below "+L[0].title:L[i].title,
overall=S=>{let w=0,s=0;C.forEach((c,i)=>{w+=wt(c);s+=wt(c)*S[i].x});return w?s/w:0},
oi=S=>Math.floor(overall(S)+1e-9)-1,auto=S=>Math.min(L.length-1,oi(S)+1),tgt=S=>st.target in LI?LI[st.target]:auto(S),
snap=()=>st.snapshots.find(s=>s.id==cmp),fx=x=>x.toFixed(1).replace(/\.0$/,""),ans=i=>Object.assign(st.answers[i]||={},{at:now()}),
gaps=(c,A,t)=>c.behaviours.filter(b=>LI[b.level]<=t&&val(A[b.id])<1),when=s=>s.at.slice(0,16).replace("T"," "),lt=x=>L?.[LI[x]]?.title||x;
function assess(){
root=$(".cb-assessment");
let s=root.nextElementSibling;
if(!s?.matches("script.cb-assessment-data"))s=$("script.cb-assessment-data");
D=JSON.parse(s.textContent);L=D.levels;C=D.competencies;
L.forEach((l,i)=>{LI[l.id]=i});
C.forEach(c=>c.behaviours.forEach(b=>{B[b.id]={...b,c:c.id}}));
const sel=ui.sel=h("select",{onchange:()=>{st.target=sel.value||null;save();upd()}},h("option",{value:""}),L.map(l=>h("option",{value:l.id,text:l.title}))),
cs=ui.cs=h("select",{onchange:()=>{cmp=cs.value;upd()}});
box=h("div.cb-notices");stat=h("p.cb-status",{role:"status"});
for(const k of["count","sum","chart","table","moved","gaps"])ui[k]=h((k=="table"?k:"div")+".cb-"+k);
ui.ret=h("section.cb-retired");
root.prepend(h("div.cb-panel",box,tools(h("label","Target level ",sel),ui.count),
h("section.cb-result",h("h2","Your result"),ui.sum,
h("figure",ui.chart,h("figcaption","Filled: now; dashed: target; dotted: a compared snapshot. ",btn("Download chart (SVG)",()=>dl(`careerbook-chart-${day()}.svg`,chart(1),"image/svg+xml")))),
h("div.table-wrapper",ui.table),tools(h("label","Compare with ",cs),btn("Save snapshot",()=>{
st.snapshots.push({id:"s"+Date.now().toString(36),at:now(),target:L[tgt(scores(st.answers))].id,answers:Object.fromEntries(E(st.answers).map(([i,a])=>[i,{r:a.r,n:a.n}]))});
save();upd();say("Snapshot saved.")})),ui.moved),
tools(io(1)),stat));
$$(".cb-assess-competency",root).forEach(s=>{s.id="cb-c-"+s.dataset.cbCompetency;$("h2",s)?.append(" ",U[s.id]=h("span.cb-at"))});
$$(".cb-assess-behaviour",root).forEach(e=>{// the rubric, enhanced in place
const i=e.dataset.cbBehaviour,g=h("legend"),src=e.children.length==1&&e.firstElementChild.tagName=="P"?e.firstElementChild:e;
g.append(...src.childNodes);e.textContent="";e.id="cb-b-"+i;
const ta=h("textarea",{rows:3,oninput:()=>{ans(i).n=ta.value||void 0;if(!ok(st.answers[i].r)&&!ta.value)delete st.answers[i];save();show(i)}}),
u=U[i]={ta,ev:h("details.cb-ev",h("summary","Evidence"),h("label","What you did, with numbers",ta)),pr:h("p.cb-pr")};
u.rs=RT.map((t,v)=>h("input",{type:"radio",name:"cb-r-"+i,value:v,onchange:()=>{ans(i).r=v;save();show(i);upd()}}));
e.append(h("fieldset.cb-rate",g,h("div.cb-choices",u.rs.map((x,v)=>h("label",x," "+RT[v]))),u.ev,u.pr))});
root.append(h("section.cb-gapsec",h("h2","Gap analysis"),ui.gaps),ui.ret)}
function show(i){
const u=U[i],a=st.answers[i];
u.rs.forEach((x,v)=>{x.checked=a?.r===v});
if(d.activeElement!=u.ta)u.ta.value=a?.n||"";
if(a?.n)u.ev.open=true;
u.ev.classList.toggle("cb-has",!!a?.n);
u.pr.textContent="Rated: "+rtn(a)}
function chart(file){// radar: an axis per competency, a ring per level
const n=C.length,nl=L.length,R=150,cx=330,cy=225,fg=file?"#222":"currentColor",S=scores(st.answers),sn=snap(),t=tgt(S),id=uid(),
pt=(i,v,r=R*Math.max(0,v)/nl,a=6.2832*i/n)=>[cx+r*Math.sin(a),cy-r*Math.cos(a)].map(x=>+x.toFixed(1)),
poly=(v,a)=>`<polygon points="${C.map((c,i)=>pt(i,v[i]??v)).join(" ")}" ${a}/>`,G=`stroke="${fg}" stroke-opacity=".25"`;
let s=`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 660 470" width="660" height="470" font-family="sans-serif" font-size="12" role="img" aria-labelledby="${id}t ${id}d"${file?"":' tabindex="0"'}><title id="${id}t">Radar chart: current level against target (${esc(L[t].title)}) per competency</title><desc id="${id}d">${esc(C.map((c,i)=>`${c.title}: ${lv(S[i].at)} (score ${fx(S[i].x)} of ${nl})`).join("; "))}.</desc>`+(file?'<rect width="100%" height="100%" fill="#fff"/>':"");
L.forEach((l,k)=>{s+=poly(k+1,`fill="none" ${G}`)+`<text x="${cx+3}" y="${cy-R*(k+1)/nl+11}" fill="${fg}" font-size="10">${esc(l.title)}</text>`});
C.forEach((c,i)=>{
const[x,y]=pt(i,nl),[lx,ly]=pt(i,0,R+14),w=c.title.match(/.{1,20}(\s|$)/g)||[c.title];
s+=`<line x1="${cx}" y1="${cy}" x2="${x}" y2="${y}" ${G}/><text fill="${fg}" text-anchor="${lx>cx+9?"start":lx<cx-9?"end":"middle"}" y="${ly<cy-9?ly-12*(w.length-1):ly>cy+9?ly+10:ly+4}">${w.map((l,j)=>`<tspan x="${lx}"${j?' dy="12"':""}>${esc(l.trim())}</tspan>`).join("")}</text>`});
[["tg","#b85c00",t+1,"Target: "+L[t].title,"6 4"],sn&&["sn","#8e5cc7",scores(sn.answers).map(x=>x.x),"Snapshot "+when(sn),"2 3"],["now","#20609f",S.map(x=>x.x),"Now","none"]].filter(Boolean).forEach(([k,c,v,l,da],j)=>{
const a=`class="cb-${k}" stroke="${c}" stroke-dasharray="${da}"`;
s+=poly(v,`${a} fill="${k=="now"?c:"none"}" fill-opacity=".25" stroke-width="2"`)+`<line ${a} x1="${20+j*210}" x2="${50+j*210}" y1="455" y2="455" stroke-width="3"/><text x="${56+j*210}" y="459" fill="${fg}">${esc(l)}</text>`});
return s+"</svg>"}
function upd(){
const S=scores(st.answers),t=tgt(S),sn=snap(),Q=sn&&scores(sn.answers),T=L[t].title,A=st.answers,G=C.map(c=>gaps(c,A,t)),ng=G.flat().length,mv=[],rm=[],th=x=>`<th scope="col">${x}</th>`;
ui.sel.value=st.target in LI?st.target:"";
ui.sel.options[0].text=`The level after yours (${L[auto(S)].title})`;
fill(ui.cs,h("option",{value:"",text:"no snapshot"}),st.snapshots.map(x=>h("option",{value:x.id,text:when(x)+" (target "+lt(x.target)+")"})));
ui.cs.value=sn?cmp:"";
ui.count.textContent=`${K(B).filter(i=>ok(A[i]?.r)).length} of ${K(B).length} behaviours rated`;
ui.sum.innerHTML=`Overall (competencies weighted): <strong>${esc(lv(oi(S)))}</strong>, score ${fx(overall(S))} of ${L.length}. Target: <strong>${esc(T)}</strong> — ${S.filter(x=>x.at>=t).length} of ${C.length} competencies there; ${ng} behaviours to go.`;
ui.chart.innerHTML=chart();
ui.table.innerHTML=`<caption>The chart as a table (score: levels met plus the share of the next)</caption><thead><tr>${["Competency","Weight","Now","Score","Target"].map(th).join("")}${Q?th("Snapshot "+when(sn)):""}</tr></thead><tbody>`+
C.map((c,i)=>`<tr><th scope="row"><a href="#cb-c-${esc(c.id)}">${esc(c.title)}</a></th><td>${c.weight}</td><td>${esc(lv(S[i].at))}</td><td>${fx(S[i].x)}</td><td>${S[i].at>=t?"reached":"not yet"}</td>${Q?`<td>${esc(lv(Q[i].at))} (${fx(Q[i].x)})</td>`:""}</tr>`).join("")+"</tbody>";
C.forEach((c,i)=>{const b=U["cb-c-"+c.id];if(b)b.textContent="now: "+lv(S[i].at)});
$$("h3.cb-assess-level",root).forEach(e=>e.classList.toggle("cb-tgt",e.dataset.cbLevel==L[t].id));
fill(ui.gaps,P(ng?`Behaviours up to ${T} not yet shown consistently, and what helps:`:`Every behaviour up to ${T} is rated consistently.`),
C.map((c,i)=>G[i].length>0&&h("div.cb-gap",h("h3",`${c.title} (now ${lv(S[i].at)})`),
h("ul",G[i].map(b=>li(h("a",{href:"#cb-b-"+b.id,text:b.text}),h("span.cb-muted",` — ${L[LI[b.level]].title}, ${rt(A[b.id])}`)))),
c.helps.length>0&&h("p.cb-related",h("span.cb-label","Grow it with: "),c.helps.map((x,j)=>[j?", ":"",h("a",{href:x.href,text:x.title}),` (${x.kind})`])))));
if(Q){
C.forEach((c,i)=>{if(Q[i].at!=S[i].at)mv.push(li(h("strong",c.title),`: ${lv(Q[i].at)} → ${lv(S[i].at)}`))});
if(sn.target!=L[t].id)mv.push(li(`Target: ${lt(sn.target)} → ${T}`));
new Set([...K(sn.answers),...K(A)]).forEach(i=>{const a=sn.answers[i],b=A[i];if(rt(a)!=rt(b))rm.push(li(`“${B[i]?.text||b?.t||i}”: ${rt(a)} → ${rt(b)}`))})}
fill(ui.moved,Q&&[h("h3","What moved since "+when(sn)),mv.length+rm.length?h("ul",mv):P("Nothing moved."),
rm.length>0&&h("details",{open:rm.length<9},h("summary",rm.length+" ratings changed"),h("ul",rm))]);
const g=E(A).filter(([i])=>!B[i]);
ui.ret.hidden=!g.length;
fill(ui.ret,h("h2","Retired answers"),P("No longer in the matrix: kept, and back if the id returns."),
h("ul",g.map(([i,a])=>li(h("code",i),` — “${a.t||"?"}”: ${rtn(a)}`))))}
// Promotion case: a competency's evidence goes in the template section sharing most words with it.
function md(){
const T=D.template,S=scores(st.answers),t=tgt(S),A=st.answers,sec=[],home=N(),W=s=>new Set((s.toLowerCase().match(/[a-z]{4,}/g)||[]).map(w=>w.slice(0,5)));
let cur;
(T?.body||"").split("\n").forEach(l=>{const m=l.match(/^###? (.*)/);if(m)sec.push(cur={h:m[1].trim(),x:[]});else cur?.x.push(l)});
const gs=sec.find(x=>/still|gaps?\b|next step/i.test(x.h));
C.forEach(c=>{
const cw=W(c.title+" "+c.id.replace(/-/g," ")),bw=W(c.behaviours.map(b=>b.text).join(" "));
let best=0;
sec.forEach(x=>{
const hw=W(x.h),tw=W(x.x.join(" ")),f=w=>hw.has(w)?3:tw.has(w)?1:0;
let v=0;
cw.forEach(w=>v+=3*f(w));bw.forEach(w=>v+=f(w));
if(x!=gs&&v>best){best=v;home[c.id]=x}})});
const ev=(c,i)=>`### ${c.title} (now ${lv(S[i].at)})\n\n`+(c.behaviours.filter(b=>A[b.id]?.n||A[b.id]?.r==2).map(b=>`- ${b.text} (${L[LI[b.level]].title}; ${rt(A[b.id])})\n`+(A[b.id].n||"Evidence: …").trim().split("\n").map(l=>"  "+l+"\n").join("")).join("")||"_No evidence noted yet._\n")+"\n",
gap=C.map(c=>gaps(c,A,t).map(b=>`- ${c.title}: ${b.text} — plan: …\n`).join("")).join("")||"- Nothing: every behaviour up to the target is consistent.\n",
rest=C.map((c,i)=>home[c.id]?"":ev(c,i)).join("");
return(`# ${T?T.title:D.matrix_title} — draft\n\n<!-- From the self-assessment in “${D.title}” (${D.matrix} ${D.version}), ${day()}. -->\n\nTarget: **${L[t].title}**. Now (competencies weighted): **${lv(oi(S))}**.\n\n`+
sec.map(x=>{const p=x.x.join("\n").trim().replace(/--/g,"- -");return`## ${x.h}\n\n`+(p?`<!-- Template prompts:\n${p}\n-->\n\n`:"")+(x==gs?gap+"\n":C.map((c,i)=>home[c.id]==x?ev(c,i):"").join(""))}).join("")+
(rest?`## ${sec.length?"Other evidence":"Evidence"}\n\n${rest}`:"")+(gs?"":"## Still to show\n\n"+gap)).trimEnd()+"\n"}

function refresh(){sync();if(D){K(B).forEach(show);upd()}if(box)notices()}
function init(){
$$(".cb-template-tools").forEach(t=>{t.hidden=false});
const as=$(".cb-assessment");
HB=$("[data-cb-handbook]")?.dataset.cbHandbook||$("meta[name=careerbook-handbook]")?.content||($(".menu-title")?.textContent||d.title).trim().toLowerCase().replace(/[^a-z0-9]+/g,"-").replace(/^-|-$/g,"");
KEY="careerbook:"+HB;
if(!as&&!boxes().length)return;
st=load();
if(as)assess();else($("main")||d.body).prepend(box=h("div.cb-notices"),stat=h("p.cb-status",{role:"status"}));
checks();refresh();
addEventListener("storage",e=>{if(e.key==KEY){st=load();refresh()}})}
window.careerbook={migrate,SCHEMA:V};
d.readyState=="loading"?d.addEventListener("DOMContentLoaded",init):init()})();
