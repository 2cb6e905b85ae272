package query_test

import (
	"errors"
	"fmt"

	"github.com/zhsearch/zhsearch/query"
)

func ExampleParse() {
	n, err := query.Parse(`非煤矿山 安全生产 OR 应急 -煤矿 title:"安全 讲话" section:(（一） OR 总则)`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)
	for _, c := range n.(*query.And).Nodes {
		fmt.Printf("%T %v\n", c, c)
	}

	_, err = query.Parse(`“非煤矿山"`)
	fmt.Println(err)
	var se *query.SyntaxError
	if errors.As(err, &se) {
		fmt.Println("column", se.Column, errors.Is(err, query.ErrSyntax))
	}

	_, err = query.Parse("-煤矿")
	fmt.Println(err, errors.Is(err, query.ErrEmptyQuery))
	// Output:
	// 非煤矿山 安全生产 OR 应急 -煤矿 title:"安全 讲话" section:（一） OR section:总则
	// *query.Keyword 非煤矿山
	// *query.Or 安全生产 OR 应急
	// *query.Not -煤矿
	// *query.Keyword title:"安全 讲话"
	// *query.Or section:（一） OR section:总则
	// query "“非煤矿山\"": column 1: unclosed quote: “ needs a closing ”
	// column 1 true
	// empty query: nothing to search for: the query only excludes true
}

func ExampleKeyword() {
	n, _ := query.Parse("title：讲话")
	k := n.(*query.Keyword)
	fmt.Printf("%q in %s, column %d\n", k.Text, k.Field, k.Column)
	// Output:
	// "讲话" in title, column 7
}

func ExampleFilter() {
	n, _ := query.Parse("监管 issuer：国务院 date:2019-1.. -kind:报告")
	for _, c := range n.(*query.And).Nodes {
		switch c := c.(type) {
		case *query.Filter:
			fmt.Printf("%s %q from %q to %q, column %d\n", c.Name, c.Value, c.From, c.To, c.Column)
		default:
			fmt.Printf("%T %v\n", c, c)
		}
	}
	fmt.Println(n)

	_, err := query.Parse("监管 (kind:通知 OR 意见)")
	fmt.Println(err)
	// Output:
	// *query.Keyword 监管
	// issuer "国务院" from "" to "", column 4
	// date "2019-1.." from "2019-01" to "", column 15
	// *query.Not -kind:报告
	// 监管 issuer:国务院 date:2019-1.. -kind:报告
	// query "监管 (kind:通知 OR 意见)": column 5: kind: filters the whole query and cannot be inside parentheses
}
