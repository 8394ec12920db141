// The public API of a crate, one line per item, from rustdoc's JSON output: every path a user
// can name (modules, types, traits, functions, macros, constants, re-exports), the methods and
// associated items of each public type with their signatures, and the traits it implements.
// Hidden items (#[doc(hidden)], such as `__private`) are not part of it.
//
//   node scripts/public-api/list.mjs target/doc/inertia_runtime.json
import { readFileSync } from 'node:fs'

const [file] = process.argv.slice(2)
const doc = JSON.parse(readFileSync(file, 'utf8'))
const index = doc.index
const lines = new Set()

function type(t) {
  if (t == null) return '()'
  if (typeof t !== 'object') return String(t)
  const [kind, v] = Object.entries(t)[0]
  switch (kind) {
    case 'resolved_path':
      return v.path.split('::').at(-1) + args(v.args)
    case 'primitive':
      return v
    case 'generic':
      return v
    case 'borrowed_ref':
      return `&${v.lifetime ? v.lifetime + ' ' : ''}${v.is_mutable ? 'mut ' : ''}${type(v.type)}`
    case 'raw_pointer':
      return `*${v.is_mutable ? 'mut' : 'const'} ${type(v.type)}`
    case 'slice':
      return `[${type(v)}]`
    case 'array':
      return `[${type(v.type)}; ${v.len}]`
    case 'tuple':
      return `(${v.map(type).join(', ')})`
    case 'impl_trait':
      return 'impl ' + v.map(bound).filter(Boolean).join(' + ')
    case 'dyn_trait':
      return 'dyn ' + v.traits.map((p) => p.trait.path.split('::').at(-1) + args(p.trait.args)).join(' + ')
    case 'qualified_path':
      return `<${type(v.self_type)}${v.trait ? ' as ' + v.trait.path.split('::').at(-1) : ''}>::${v.name}`
    case 'function_pointer':
      return `fn(${v.sig.inputs.map(([, t]) => type(t)).join(', ')})${v.sig.output ? ' -> ' + type(v.sig.output) : ''}`
    case 'infer':
      return '_'
    default:
      return kind
  }
}

function bound(b) {
  if (b.trait_bound) return b.trait_bound.trait.path.split('::').at(-1) + args(b.trait_bound.trait.args)
  if (b.outlives) return b.outlives
  return ''
}

function args(a) {
  if (!a) return ''
  if (a.angle_bracketed) {
    const parts = [
      ...a.angle_bracketed.args.map((x) => (x.type ? type(x.type) : x.lifetime ?? x.const?.expr ?? '_')),
      ...a.angle_bracketed.constraints.map((c) => `${c.name} = ${c.binding?.equality?.type ? type(c.binding.equality.type) : '…'}`),
    ]
    return parts.length ? `<${parts.join(', ')}>` : ''
  }
  if (a.parenthesized) {
    return `(${a.parenthesized.inputs.map(type).join(', ')})${a.parenthesized.output ? ' -> ' + type(a.parenthesized.output) : ''}`
  }
  return ''
}

function signature(name, f) {
  const inputs = f.sig.inputs.map(([n, t]) => (n === 'self' ? type(t).replace(/^&(mut )?Self$/, '&$1self').replace(/^Self$/, 'self') : `${n}: ${type(t)}`))
  const generics = f.generics.params.filter((p) => !p.name.startsWith('impl ')).map((p) => p.name)
  const asyncness = f.header.is_async ? 'async ' : ''
  const unsafety = f.header.is_unsafe ? 'unsafe ' : ''
  return `${asyncness}${unsafety}fn ${name}${generics.length ? `<${generics.join(', ')}>` : ''}(${inputs.join(', ')})${f.sig.output ? ' -> ' + type(f.sig.output) : ''}`
}

function impls(path, ids) {
  for (const id of ids ?? []) {
    const item = index[id]
    if (!item) continue
    const impl = item.inner.impl
    // Blanket and auto-trait impls say nothing about this crate's API.
    if (impl.blanket_impl || impl.is_synthetic) continue
    if (impl.trait) {
      lines.add(`impl ${impl.trait.path.split('::').at(-1)}${args(impl.trait.args)} for ${path}`)
      continue
    }
    for (const itemId of impl.items) {
      const member = index[itemId]
      if (!member || member.visibility !== 'public') continue
      const [kind, inner] = Object.entries(member.inner)[0]
      if (kind === 'function') lines.add(`${path}::${signature(member.name, inner)}`)
      else lines.add(`${path}::${member.name} (${kind})`)
    }
  }
}

function visit(id, path, seen) {
  const item = index[id]
  if (!item || seen.has(id + path)) return
  seen.add(id + path)
  const [kind, inner] = Object.entries(item.inner)[0]
  const here = path
  switch (kind) {
    case 'module':
      lines.add(`mod ${here}`)
      for (const child of inner.items) {
        const c = index[child]
        if (!c) continue
        if (c.inner.use) {
          const u = c.inner.use
          if (u.is_glob) {
            lines.add(`use ${here}::${u.source}::*`)
            continue
          }
          if (u.id != null && index[u.id]) visit(u.id, `${here}::${u.name}`, seen)
          else lines.add(`use ${here}::${u.name} = ${u.source}`)
        } else {
          visit(child, `${here}::${c.name}`, seen)
        }
      }
      break
    case 'struct':
      lines.add(`struct ${here}${fields(inner)}`)
      impls(here, inner.impls)
      break
    case 'enum':
      lines.add(`enum ${here}`)
      for (const v of inner.variants) lines.add(`${here}::${index[v]?.name} (variant)`)
      impls(here, inner.impls)
      break
    case 'trait':
      lines.add(`trait ${here}${inner.is_sealed ? ' (sealed)' : ''}`)
      for (const m of inner.items) {
        const member = index[m]
        if (!member) continue
        const [k, i] = Object.entries(member.inner)[0]
        lines.add(k === 'function' ? `${here}::${signature(member.name, i)}` : `${here}::${member.name} (${k})`)
      }
      break
    case 'function':
      lines.add(`${here.replace(/::[^:]+$/, '')}::${signature(item.name ?? here.split('::').at(-1), inner)}`)
      break
    default:
      lines.add(`${kind} ${here}`)
  }
}

function fields(s) {
  const k = s.kind
  if (k === 'unit') return ''
  if (k.tuple) return `(${k.tuple.map((f) => (f == null ? '_' : type(index[f]?.inner.struct_field))).join(', ')})`
  if (k.plain) {
    const pub = k.plain.fields.map((f) => index[f]).filter((f) => f && f.visibility === 'public')
    const body = pub.map((f) => `${f.name}: ${type(f.inner.struct_field)}`)
    if (k.plain.has_stripped_fields) body.push('..')
    return ` { ${body.join(', ')} }`
  }
  return ''
}

const root = index[doc.root]
visit(doc.root, root.name, new Set())
console.log([...lines].sort().join('\n'))
